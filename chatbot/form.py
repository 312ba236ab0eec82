"""The simulation form as data (chatbot/data/form.yaml): a question, choices and a hint per profile field."""

import datetime as dt
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


from common.schema import Strict
from common.text import day, number
from common.yamlio import load_model


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
            text = known.label if known else str(value)
        elif isinstance(value, dt.date) or (field == "signature_date" and isinstance(value, str)):
            text = day(dt.date.fromisoformat(str(value)))
        elif isinstance(value, (int, float)):
            scaled = value * 100 if field == "clinical_fee_share" else value
            text = number(scaled, 0 if float(scaled).is_integer() else 1)
        else:
            text = str(value)
        return (shape or "{value}").format(value=text)

    def describe_all(self, values: dict[str, Any]) -> str:
        return ", ".join(self.describe(k, v) for k, v in values.items())


def path() -> Path:
    return Path(str(resources.files("chatbot") / "data" / "form.yaml"))


@cache
def form() -> Form:
    return load_model(path(), Form)
