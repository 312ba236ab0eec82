"""What `evaluate` returns: a verdict, its criteria, the options by year, and why each figure is what it is."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from common.text import day
from rules.params import Source

Status = Literal["met", "not_met", "unknown"]
Verdict = Literal["yes", "no", "unknown"]


@dataclass(frozen=True, slots=True)
class Why:
    """Where a yearly amount comes from: the parameter, the date its value took effect, the text."""

    parameter: str
    in_force_since: dt.date
    rule: str
    year_start: dt.date
    source: Source

    @property
    def explanation(self) -> str:
        return (f"{self.rule} ; année de contrat commençant le {day(self.year_start)}, montants en vigueur "
                f"depuis le {day(self.in_force_since)}.")


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    label: str
    status: Status
    explanation: str
    sources: tuple[Source, ...]
    # An unknown criterion that fails unless one fact holds (« vous êtes nouvel installé »): the verdict's condition.
    unless: str | None = None


@dataclass(frozen=True, slots=True)
class Year:
    year: int
    starts: dt.date
    amount_eur: int
    why: Why
    # What the amounts in force at the signature gave for this year, when a later revaluation (paid from the
    # contract's anniversary) changed it: the figure written in the doctor's contract.
    at_signature_eur: int | None = None


@dataclass(frozen=True, slots=True)
class OptionResult:
    option: str
    label: str
    fte: float
    available: bool
    reason: str | None
    years: tuple[Year, ...] = ()

    @property
    def total_eur(self) -> int | None:
        return sum(y.amount_eur for y in self.years) if self.years else None


@dataclass(frozen=True, slots=True)
class Objectives:
    summary: str
    details: tuple[str, ...]
    sources: tuple[Source, ...]

    @property
    def after_colon(self) -> str:
        """The summary as it follows « Votre engagement : » (French: no capital after a colon; « OPTAM » kept)."""
        from common.text import after_colon

        return after_colon(self.summary)


@dataclass(frozen=True, slots=True)
class RegimeInfo:
    id: str
    label: str
    start: dt.date
    source: Source
    since: str = ""  # « depuis le 1er mai 2023 », or the texts' own dates when none fixes the first day


@dataclass(frozen=True, slots=True)
class Result:
    date: dt.date
    signature_date: dt.date
    regime: RegimeInfo | None
    eligible: Verdict
    criteria: tuple[Criterion, ...]
    missing: tuple[str, ...]
    options: tuple[OptionResult, ...]
    objectives: Objectives
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def option(self, option_id: str) -> OptionResult | None:
        return next((o for o in self.options if o.option == option_id), None)

    @property
    def condition(self) -> Criterion | None:
        """The criterion an undecided verdict hangs on when it fails unless one fact holds (P25 and not yet said
        newly installed): the verdict then names that fact, instead of « à confirmer » over a « non éligible »."""
        if self.eligible != "unknown":
            return None
        return next((c for c in self.criteria if c.status == "unknown" and c.unless), None)

    def to_dict(self) -> dict:
        """The JSON object of ../shared/CONTRACT.md (`amguide simulate --json`), plus `why` fields."""
        def source(s: Source) -> dict:
            return {"title": s.title, "url": s.url, "date": s.date.isoformat() if s.date else None}

        regime = None
        if self.regime:
            regime = {"id": self.regime.id, "label": self.regime.label, "from": self.regime.start.isoformat(), "since": self.regime.since,
                      "source": source(self.regime.source)}
        return {
            "date": self.date.isoformat(),
            "signature_date": self.signature_date.isoformat(),
            "regime": regime,
            "eligible": self.eligible,
            "eligible_if": self.condition.unless if self.condition else None,
            "criteria": [
                {"id": c.id, "label": c.label, "status": c.status, "explanation": c.explanation,
                 "unless": c.unless, "sources": [source(s) for s in c.sources]} for c in self.criteria
            ],
            "missing": list(self.missing),
            "options": [
                {"option": o.option, "label": o.label, "fte": o.fte, "available": o.available, "reason": o.reason,
                 "years": [{"year": y.year, "starts": y.starts.isoformat(), "amount_eur": y.amount_eur,
                            "why": {"parameter": y.why.parameter, "explanation": y.why.explanation,
                                    "in_force_since": y.why.in_force_since.isoformat(),
                                    "source": source(y.why.source)}} for y in o.years],
                 "total_eur": o.total_eur} for o in self.options
            ],
            "objectives": {"summary": self.objectives.summary, "details": list(self.objectives.details),
                           "sources": [source(s) for s in self.objectives.sources]},
            "warnings": list(self.warnings),
        }
