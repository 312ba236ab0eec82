"""What each chapter of the evening shows: built from the programme, the knowledge entries it cites and the
rules parameters at the evening's date. Pure data (no widgets), so the export and the tests read it too."""

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from chatbot.render import TOKEN, Renderer
from common.schema import Limits, Strict
from common.yamlio import load_model
from knowledge import KnowledgeBase, shipped
from rules.params import Parameter, shipped as shipped_params

PICTURES = ("amounts", "survey", "international", "bilan", "prepost")
ACTIVITIES = ("pretest", "posttest", "expectations", "hire", "bilan_expectations")


class FigureSpec(Strict):
    label: str
    value: str
    gate: str | None = None       # a parameter whose absence at the date means « absent »
    absent: str | None = None     # what to say when the figure does not exist at the date (may hold {{…}})


class ChapterSpec(Strict):
    step: str
    figures: tuple[FigureSpec, ...] = ()
    pictures: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()


class Bar(Strict):
    label: str
    value: Annotated[float, Limits(ge=0)]
    source: str
    note: str | None = None


class BarSeries(Strict):
    title: str
    unit: str
    bars: Annotated[tuple[Bar, ...], Limits(min_length=1)]


class HireField(Strict):
    field: str
    placeholder: str


class AtelierFile(Strict):
    chapters: tuple[ChapterSpec, ...]
    bilan: tuple[BarSeries, ...]
    hire_fields: tuple[HireField, ...]
    texts: dict[str, str]


def data_path() -> Path:
    return Path(__file__).with_name("atelier.yaml")


@cache
def atelier_data() -> AtelierFile:
    """The atelier's YAML, validated; a broken file raises DataErrors naming file and line."""
    return load_model(data_path(), AtelierFile)


def texts() -> dict[str, str]:
    return atelier_data().texts


@dataclass(frozen=True)
class Figure:
    label: str
    now: str
    before: str | None   # the 2019 value, only where a regime changed it


@dataclass(frozen=True)
class KeyPoint:
    title: str
    text: str


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    detail: str
    points: tuple[KeyPoint, ...]
    figures: tuple[Figure, ...]
    sources: tuple[str, ...]
    pictures: tuple[str, ...]
    activities: tuple[str, ...]


class Evening:
    """The whole evening at one date: chapters, quiz, survey, international table, bilan series."""

    def __init__(self, on: dt.date, kb: KnowledgeBase | None = None, params: dict[str, Parameter] | None = None):
        self.on = on
        self.kb = kb or shipped()
        self.params = params or shipped_params()
        self.renderer = Renderer(self.kb, self.params)
        self.baseline = self.params["regimes"].first
        self.data = atelier_data()
        self.programme = self.kb.evening.programme
        self.quiz = self.kb.evening.quiz
        self.title = self.kb.evening.title
        self._check()
        self.chapters = tuple(self._chapter(i) for i in range(len(self.programme)))

    def _check(self) -> None:
        from common.yamlio import DataError, DataErrors

        steps = [s.step for s in self.programme]
        specs = [c.step for c in self.data.chapters]
        errors = []
        if steps != specs:
            errors.append(DataError(str(data_path()), None, "chapters",
                                    f"les chapitres doivent suivre le programme : {' / '.join(steps)}"))
        for chapter in self.data.chapters:
            errors += [DataError(str(data_path()), None, f"chapters.{chapter.step}", f"image inconnue : {p}")
                       for p in chapter.pictures if p not in PICTURES]
            errors += [DataError(str(data_path()), None, f"chapters.{chapter.step}", f"activité inconnue : {a}")
                       for a in chapter.activities if a not in ACTIVITIES]
        if errors:
            raise DataErrors(errors)

    def _chapter(self, index: int) -> Chapter:
        step, spec = self.programme[index], self.data.chapters[index]
        entries = [self.kb.by_id[t] for t in step.topics if t in self.kb.by_id]
        points = tuple(KeyPoint(e.title, _first_paragraph(self.renderer.render(e.answer, self.on, e.title)))
                       for e in entries)
        source_ids = dict.fromkeys(s for e in entries for s in e.sources)
        if "bilan" in spec.pictures:
            source_ids.update(dict.fromkeys(b.source for series in self.data.bilan for b in series.bars))
        sources = tuple(self.source_title(s) for s in source_ids)
        figures = tuple(self._figure(f) for f in spec.figures)
        return Chapter(index + 1, step.step, step.detail, points, figures, sources, spec.pictures, spec.activities)

    def source_title(self, source_id: str) -> str:
        source = self.kb.sources.get(source_id)
        if source is None:
            return source_id
        return source.title + (f" — {source.url}" if source.url else "")

    def _figure(self, spec: FigureSpec) -> Figure:
        now, before = self.figure_at(spec, self.on), self.figure_at(spec, self.baseline)
        return Figure(spec.label, now, before if before != now else None)

    def figure_at(self, spec: FigureSpec, day: dt.date) -> str:
        """The figure's text at `day`, or its `absent` text when one of its parameters has no value then."""
        names = [re.split(r"[.@|]", m.group(1).strip())[0] for m in TOKEN.finditer(spec.value)]
        if spec.gate:
            names.append(spec.gate)
        missing = any(self.params[n].value_at(day) is None for n in names if n in self.params) or any(
            getattr(self.params[n].value_at(day), f, 0) is None for n in names if n in self.params
            for f in _fields_in(spec.value, n))
        if missing:
            return self.renderer.render(spec.absent, day) if spec.absent else "—"
        return self.renderer.render(spec.value, day)


def _fields_in(template: str, name: str) -> list[str]:
    return re.findall(rf"\{{\{{\s*{name}\.(\w+)", template)


def _first_paragraph(markdown: str, items: int = 6) -> str:
    """The answer's first prose paragraph, for a slide's key point (Markdown). One that introduces a list
    (« … : ») keeps the list's first `items` items; one that introduces a table ends with a full stop,
    the table being the picture's job."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", markdown.strip()) if b.strip()]
    for i, block in enumerate(blocks):
        if block.startswith(("|", "-", "* ", "#", "1.")):
            continue
        text = " ".join(block.split())
        following = blocks[i + 1] if i + 1 < len(blocks) else ""
        if text.endswith(":") and following.startswith(("-", "* ", "1.")):
            return text + "\n\n" + "\n".join(following.splitlines()[:items])
        return re.sub(r"\s*:$", ".", text)
    return " ".join(markdown.split())[:300]
