"""The simulation form as data (chatbot/data/form.yaml): a question, choices and a hint per profile field."""

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any


from common.schema import Strict
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


def path() -> Path:
    return Path(str(resources.files("chatbot") / "data" / "form.yaml"))


@cache
def form() -> Form:
    return load_model(path(), Form)
