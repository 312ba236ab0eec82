"""The simulation form as data (chatbot/data/form.yaml): a question, choices and a hint per profile field."""

import datetime as dt
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


from common.schema import Strict, limits
from common.text import day, number
from common.yamlio import load_model

PERCENT = frozenset({"clinical_fee_share", "employer_rate"})   # kept as a share (0 to 1), said as a percentage


class Slot(Strict):
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
    echo: dict[str, str | dict[str, str]]

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
            scaled = value * 100 if field in PERCENT else value
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
    scale, unit = (100, "\u00a0%") if field in PERCENT else (1, "")

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


def path() -> Path:
    return Path(str(resources.files("chatbot") / "data" / "form.yaml"))


@cache
def form() -> Form:
    return load_model(path(), Form)
