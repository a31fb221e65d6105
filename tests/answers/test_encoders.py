"""The ONNX sentence encoder computes what all-MiniLM-L6-v2 computes (checked against a plain numpy forward
pass of the same weights) and its int8 quantisation stays within cosine 0.99 of the float model."""

from __future__ import annotations

import math

import numpy as np

from rxanswers.answers import encoders


def _numpy_reference(texts: list[str]) -> np.ndarray:
    """BERT-6 forward pass, mean pooling, L2 normalisation: the reference the ONNX graph must match."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    w = load_file(str(encoders.weights_dir() / "model.safetensors"))
    tok = Tokenizer.from_file(str(encoders.weights_dir() / "tokenizer.json"))
    tok.no_padding()

    def norm(x, p):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + 1e-12) * w[p + ".weight"] + w[p + ".bias"]

    def lin(x, p):
        return x @ w[p + ".weight"].T + w[p + ".bias"]

    out = []
    for text in texts:
        ids = np.array(tok.encode(text).ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
        )
        x = norm(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        for i in range(6):
            p = f"encoder.layer.{i}."
            q, k, v = (
                lin(x, p + f"attention.self.{n}").reshape(len(ids), 12, 32).transpose(1, 0, 2)
                for n in ("query", "key", "value")
            )
            s = q @ k.transpose(0, 2, 1) / math.sqrt(32)
            s = np.exp(s - s.max(-1, keepdims=True))
            ctx = ((s / s.sum(-1, keepdims=True)) @ v).transpose(1, 0, 2).reshape(len(ids), 384)
            x = norm(lin(ctx, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = lin(x, p + "intermediate.dense")
            h = 0.5 * h * (1 + np.vectorize(math.erf)(h / math.sqrt(2)))
            x = norm(lin(h, p + "output.dense") + x, p + "output.LayerNorm")
        pooled = x.mean(0)
        out.append(pooled / np.linalg.norm(pooled))
    return np.array(out)


TEXTS = [
    "can i take ibuprofen with lisinopril",
    "Coadministration of NSAIDs with ACE inhibitors may result in deterioration of renal function.",
]


def test_float_graph_matches_the_numpy_reference(tmp_path):
    float_model = encoders.Encoder(encoders.build_model(tmp_path / "float.onnx", quantize=False))
    got = float_model.encode(TEXTS)
    assert np.allclose(got, _numpy_reference(TEXTS), atol=1e-4)


def test_quantised_model_stays_close_to_float_and_keeps_meaning(tmp_path):
    float_model = encoders.Encoder(encoders.build_model(tmp_path / "float.onnx", quantize=False))
    quantised = encoders.question_encoder()
    questions = TEXTS + [
        "Can I use ibuprofen together with lisinopril?",
        "what happens if I miss a dose of warfarin",
    ]
    a, b = quantised.encode(questions), float_model.encode(questions)
    assert ((a * b).sum(1) > 0.99).all()
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
    similarity = a @ a.T
    assert similarity[0, 2] > 0.9 > similarity[0, 3]  # a paraphrase is near, another question far


def test_a_text_gets_the_same_vector_alone_or_among_others():
    enc = encoders.question_encoder()
    texts = ["short one", "a much longer sentence about taking metformin with food every morning", "x"]
    together = enc.encode(texts)
    alone = np.stack([enc.encode([t])[0] for t in texts])
    assert np.array_equal(together, alone)


def test_the_split_model_a_process_loads_gives_the_same_vectors_as_the_model_file(tmp_path):
    """Processes load the copy with its weights in a side file (faster to start); it must be the same model."""
    import shutil

    single = tmp_path / "model.onnx"
    shutil.copy(encoders.model_path(), single)
    split = encoders.write_split(single)
    assert split == encoders.split_path(single) and split.with_name(split.name + ".data").exists()
    assert split.stat().st_size < single.stat().st_size / 100  # the graph only; the weights are beside it
    texts = TEXTS + ["what happens if I miss a dose of warfarin", "Metformin is a biguanide."]
    assert np.array_equal(encoders.Encoder(split).encode(texts), encoders.Encoder(single).encode(texts))
