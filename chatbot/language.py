"""Language data of the conversation (stop words, yes/no, commands), read once from chatbot/data/vocabulary.yaml."""

from functools import cache
from importlib import resources
from pathlib import Path


from common.schema import Strict
from common.yamlio import load_model


class Vocabulary(Strict):
    stopwords: frozenset[str]
    affirmative: tuple[str, ...]
    negative: tuple[str, ...]
    dont_know: tuple[str, ...]
    commands: dict[str, tuple[str, ...]]
    english: frozenset[str]
    anchors: tuple[str, ...]
    typo_targets: tuple[str, ...]
    typo_keep: frozenset[str]
    courtesy: tuple[str, ...]


def path() -> Path:
    return Path(str(resources.files("chatbot") / "data" / "vocabulary.yaml"))


@cache
def vocabulary() -> Vocabulary:
    return load_model(path(), Vocabulary)
