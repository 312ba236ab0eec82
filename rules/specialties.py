"""The specialties list: match what a doctor types (« pédiatre », « MG », « cardio ») to one specialty."""

import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

from common.text import fold
from common.built import kept
from common.schema import Strict, adapter
from common.yamlio import DataError, DataErrors, load_file, validation_errors

Group = Literal["generaliste", "medicale", "chirurgie", "orl", "gynecologie", "technique"]


class Specialty(Strict):
    id: str
    label: str
    practitioner: str
    group: Group
    forms: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, self.practitioner, *self.forms)


@dataclass(frozen=True)
class Specialties:
    items: tuple[Specialty, ...]

    @cached_property
    def by_id(self) -> dict[str, Specialty]:
        return {s.id: s for s in self.items}

    @cached_property
    def by_name(self) -> dict[str, Specialty]:
        """Every folded name (id, label, practitioner, forms) → its specialty."""
        table = {}
        for spec in self.items:
            table[fold(spec.id.replace("_", " "))] = spec
            for name in spec.names:
                table[" ".join(fold(name).replace("-", " ").split())] = spec
        return table


def path() -> Path:
    return Path(str(resources.files("rules") / "specialties.yaml"))


def load(file: Path) -> Specialties:
    from pydantic import ValidationError

    data = load_file(file)
    try:
        items = adapter(tuple[Specialty, ...]).validate_python(data)
    except ValidationError as exc:
        raise SpecialtyErrors(validation_errors(exc, data, str(file))) from None
    seen: set[str] = set()
    errors = []
    for index, spec in enumerate(items):
        if spec.id in seen:
            errors.append(DataError(str(file), getattr(data[index], "line", None), "id", f"identifiant en double : {spec.id}"))
        seen.add(spec.id)
    if errors:
        raise SpecialtyErrors(errors)
    return Specialties(items)


class SpecialtyErrors(DataErrors):
    """Problems in rules/specialties.yaml."""


@kept("specialties")
def shipped() -> Specialties:
    return load(path())


@cache
def _names() -> dict[str, Specialty]:
    return shipped().by_name


def by_id(specialty_id: str) -> Specialty:
    return shipped().by_id[specialty_id]


@cache
def match(text: str) -> Specialty | None:
    """The specialty `text` names (exactly, or with a typo), or None."""
    key = " ".join(fold(text).replace("-", " ").split())
    names = _names()
    if key in names:
        return names[key]
    if len(key) < 4:
        return None
    from rapidfuzz import fuzz, process  # only for a typo: exact names need no fuzzy matching

    found = process.extractOne(key, list(names), scorer=fuzz.ratio, score_cutoff=84)
    return names[found[0]] if found else None


@cache
def _name_pattern() -> "re.Pattern[str]":
    """Every name as one alternation, longest first, so « chirurgie orthopédique » wins over « chirurgie »."""
    names = sorted(_names(), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


@cache
def _single_words() -> tuple[str, ...]:
    return tuple(n for n in _names() if " " not in n and len(n) >= 6)


def find_in(text: str) -> Specialty | None:
    """The first specialty named anywhere in a sentence (longest phrase first, typos tolerated)."""
    words = fold(text).replace("-", " ").replace("'", " ").split()
    names = _names()
    found_name = _name_pattern().search(" ".join(words))
    if found_name:
        return names[found_name.group(0)]
    from rapidfuzz import fuzz, process

    for word in words:
        if len(word) >= 6:
            found = process.extractOne(word, _single_words(), scorer=fuzz.ratio, score_cutoff=88, processor=None)
            if found:
                return names[found[0]]
    return None
