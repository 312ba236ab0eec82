"""Which of a few numbered choices (a quiz question's) a typed answer means: its own words (« 2019 », « le
médecin », « trois », « 380 h »), exactly or closely, or its number; None when the text fits none or several
equally, so the question is asked again rather than a choice guessed."""

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from chatbot.entities import first_number
from chatbot.normalize import normalize
from common.text import fold

CLOSE = 85     # token-set similarity (0–100) for a choice's words to count as named
MARGIN = 10    # the best choice must beat the next by this much


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold(text)))


def pick(raw: str, norm: str, choices: Sequence[str]) -> int | None:
    """The index of the choice meant, or None. The choice's own words come first, so « trois » is the choice
    « Trois » even where it is not the 3rd; a bare number (« 2 », « réponse 2 ») is the choice's number; then a
    number only one choice holds (« 380 h », « 2019 »); then the closest choice by its words; last, as before,
    a choice's number anywhere in the text (« je dirais 2 »)."""
    typed = _words(raw)
    if not typed:
        return None
    exact = [i for i, c in enumerate(choices) if _words(c) == typed]
    if len(exact) == 1:
        return exact[0]
    in_range = lambda n: n is not None and float(n).is_integer() and 1 <= n <= len(choices)
    bare = re.fullmatch(r"(?:(?:reponse|choix|numero)\s+)?(\d+)", norm.strip(" .!"))
    if bare and in_range(int(bare.group(1))):
        return int(bare.group(1)) - 1
    texts = [normalize(c) for c in choices]
    numbers = set(re.findall(r"\d+", norm))
    holding = [i for i, t in enumerate(texts) if numbers and numbers <= set(re.findall(r"\d+", t))]
    if len(holding) == 1:
        return holding[0]
    scored = sorted(((fuzz.token_set_ratio(norm, t), fuzz.ratio(norm, t), i) for i, t in enumerate(texts)),
                    reverse=True)
    best, second = scored[0], scored[1] if len(scored) > 1 else (0, 0, -1)
    if best[0] >= CLOSE and (best[0] - second[0] >= MARGIN or (best[0] == second[0] and best[1] - second[1] >= MARGIN)):
        return best[2]
    number = first_number(norm)
    return int(number) - 1 if in_range(number) else None
