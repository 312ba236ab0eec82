"""The simulation form as data (chatbot/data/form.yaml): a question, choices and a hint per profile field."""

import datetime as dt
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from common.schema import Strict, limits
from common.text import day, fold, number
from common.yamlio import load_model

# How a bare answer to a field's question is read (see read_answer); a « percent » is kept as a share (0 to 1).
Kind = Literal["choice", "yes_no", "number", "percent", "specialty", "date"]
NUMERIC = frozenset({"number", "percent"})


class Slot(Strict):
    kind: Kind
    question: str
    choices: dict[str, Any] | None = None
    quick: tuple[str, ...] = ()
    hint: str


class Start(Strict):
    question: str
    choices: dict[str, str]


class Form(Strict):
    slots: dict[str, Slot]
    start: Start
    starters: tuple[str, ...]
    chat_order: tuple[str, ...] = ()   # the knowledge base's themes, in the order the chat lists them
    echo: dict[str, str | dict[str, str]]

    def kind(self, field: str) -> str | None:
        slot = self.slots.get(field)
        return slot.kind if slot else None

    def describe(self, field: str, value: Any) -> str:
        """One profile value in the doctor's words (« secteur 2 », « non adhérent à l'OPTAM », « 1 200 patients… »)."""
        shape = self.echo.get(field)
        key = str(value).lower() if isinstance(value, bool) else str(value)
        if isinstance(shape, dict):
            if key in shape or "*" not in shape:
                return shape.get(key, key.replace("_", " "))
            shape = shape["*"]
        if field == "specialty":
            from rules import specialties
            known = specialties.shipped().by_id.get(str(value))
            # « radiologie (radiologue) »: the specialty, and the doctor's own word for it
            text = f"{known.label} ({known.practitioner})" if known else str(value)
        elif isinstance(value, dt.date) or (field == "signature_date" and isinstance(value, str)):
            text = day(dt.date.fromisoformat(str(value)))
        elif isinstance(value, (int, float)):
            scaled = value * 100 if self.kind(field) == "percent" else value
            text = number(scaled, 0 if float(scaled).is_integer() else 1)
        else:
            text = str(value)
        return (shape or "{value}").format(value=text)

    def describe_all(self, values: dict[str, Any]) -> str:
        return ", ".join(self.describe(k, v) for k, v in values.items())


def refusal(field: str, value: Any, message: str) -> str:
    """Why a value was refused, in French with French numbers (« la valeur va de 0 à 100 »), naming the field
    in words and what was typed (the validator's own message names the field by its key and writes « > 0.0 »)."""
    from rules import LABELS, Profile

    bound = limits(Profile, field) if field in LABELS else {}
    scale, unit = (100, "\u00a0%") if form().kind(field) == "percent" else (1, "")

    def shown(x: float) -> str:
        return number(x * scale, 0 if float(x * scale).is_integer() else 2) + unit

    typed = shown(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
    low, high = bound.get("ge", bound.get("gt")), bound.get("le", bound.get("lt"))
    label = LABELS.get(field, field)
    if low is not None and high is not None:
        span = (f"la valeur doit être supérieure à {shown(low)} et au plus de {shown(high)}" if "gt" in bound
                else f"la valeur va de {shown(low)} à {shown(high)}")
        return f"{label} : « {typed} » n'est pas possible, {span}."
    return f"{label} : « {typed} » n'est pas possible ({message.split(' : ', 1)[-1]})."


def refused(values: list[tuple[str, Any, str]]) -> str:
    """Values that could not be kept (field, value, validator's message), one paragraph each: a list here merged
    with the list of criteria that follows into one spaced-out list."""
    return "\n\n".join(f"Valeur non retenue — {refusal(f, v, m)}" for f, v, m in values)


def read_answer(field: str, text: str, norm: str | None = None, found: dict[str, Any] | None = None) -> Any:
    """A bare answer to one field's question (« 70e », « soixante-dix », « ouais », « nan », « mi temps », « pédiatr »),
    read as the field's kind in form.yaml says; None when it is not this field's answer. A value the sentence names
    (`found`, from chatbot.entities) wins. The chat's form and the atelier's volunteer both read answers here.
    `norm` and `found` may be given when the caller has them already (they are computed from `text` otherwise)."""
    from chatbot import entities
    from chatbot.normalize import normalize

    norm = normalize(text) if norm is None else norm
    found = entities.extract(norm) if found is None else found
    if field in found:
        return found[field]
    if field == "structure":
        return _structure(text, norm)
    slot = form().slots.get(field)
    if slot is None or (field == "percentile" and re.search(r"\binstall", norm)):
        return None   # « je viens de m'installer » at the percentile: newly_installed, read by entities
    if slot.kind == "yes_no":
        return _yes_no(norm)
    if slot.kind == "choice":
        return _choice(slot.choices or {}, text, norm)
    if slot.kind == "specialty":
        from rules import specialties
        spec = specialties.match(text) or specialties.find_in(norm)
        return spec.id if spec else None
    if slot.kind == "date" or any(form().kind(f) in NUMERIC for f in found):
        return None   # a date is read by entities (« 15 mars 2025 »); a number said for another field is not this one's
    value = entities.first_number(norm)
    if slot.kind != "percent" or value is None:
        return value
    share = value / 100 if value > 1 else value
    return max(0.0, share - 0.01) if re.search(r"\bmoins de\b", norm) else share   # « moins de 80 % »: below it


def _structure(text: str, norm: str) -> str | None:
    for label, value in form().start.choices.items():
        if fold(label) in fold(text) or value.replace("_", " ") in norm or ("centre" in norm and value != "cabinet"):
            return value
    return "cabinet" if re.search(r"\b(?:liberal|cabinet|medecin)\b", norm) else None


def _yes_no(norm: str) -> bool | None:
    """oui / non as the vocabulary says, with a typo in a one-word answer (« ouii », « nonn », « ouias »)."""
    from chatbot import entities
    from chatbot.language import vocabulary

    said = entities.yes_no(norm)
    if said is not None or " " in norm or not norm:
        return said
    squeezed = re.sub(r"(.)\1+", r"\1", norm)    # « ouiii », « nonnn »
    said = entities.yes_no(squeezed)
    if said is not None or len(squeezed) < 4:
        return said
    from rapidfuzz import fuzz, process

    words = {w: True for w in vocabulary().affirmative if " " not in w} | {w: False for w in vocabulary().negative
                                                                              if " " not in w}
    close = process.extractOne(squeezed, list(words), scorer=fuzz.ratio, score_cutoff=80)
    return words[close[0]] if close else None


def _choice(choices: dict[str, Any], text: str, norm: str) -> Any:
    """One of the choices: its label or value as typed, its label's start (« zone d'action complémentaire »), or
    a typo of one of them (« tier temps », « non conventione »)."""
    typed = fold(text).strip(" .!?")
    for label, value in choices.items():
        if fold(label) == typed or fold(label).split(" (")[0] in typed:
            return value
    for value in choices.values():
        if isinstance(value, str) and value.replace("_", " ") in norm.split():
            return value
    from rapidfuzz import fuzz, process

    names = {fold(label).split(" (")[0]: value for label, value in choices.items()}
    names |= {value.replace("_", " "): value for value in choices.values() if isinstance(value, str) and len(value) > 2}
    close = process.extractOne(norm, list(names), scorer=fuzz.ratio, score_cutoff=85)
    return names[close[0]] if close else None


def path() -> Path:
    return Path(str(resources.files("chatbot") / "data" / "form.yaml"))


@cache
def form() -> Form:
    return load_model(path(), Form)
