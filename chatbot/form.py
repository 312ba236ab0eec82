"""The simulation form as data (chatbot/data/form.yaml): a question, choices and a hint per profile field."""

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from common.yamlio import load_file


class Slot(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str
    choices: dict[str, Any] | None = None
    quick: tuple[str, ...] = ()
    hint: str


class Start(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str
    choices: dict[str, str]


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slots: dict[str, Slot]
    start: Start
    starters: tuple[str, ...]


def path() -> Path:
    return Path(str(resources.files("chatbot") / "data" / "form.yaml"))


@cache
def form() -> Form:
    return Form.model_validate(load_file(path()))
