"""Dated parameters (OpenFisca-style): one YAML file per concept, values keyed by start date."""

import bisect
from dataclasses import dataclass
import datetime as dt
import re
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from common.built import kept
from common.schema import Strict
from common.text import day as french_day
from common.yamlio import DataError, DataErrors, load_file, validation_errors

T = TypeVar("T")
Zone = Literal["zip", "zac", "hors_zone"]
OptionId = Literal["tiers_temps", "mi_temps", "temps_plein"]


class Reference(Strict):
    title: str
    article: str | None = None
    url: str | None = None
    date: dt.date | None = None


class Regime(Strict):
    id: str
    label: str
    short_label: str     # inside a sentence: « l'ancien barème (avenant 7, contrats signés du …) »
    signed: dt.date | None = None   # the day the text was signed, when it took effect later (avenant 7)


class Sectors(Strict):
    sectors: list[Literal["1", "2"]]
    sector_2_requires_optam: bool


class SurgicalRule(Strict):
    groups: list[str]
    min_clinical_fee_share: float
    window_months: int


class GroupedPractice(Strict):
    min_doctors: int
    isolated_allowed_zones: list[Zone]
    isolated_generalists_only: bool  # the sources attest the isolated doctors' exception for generalists only


class CoordinatedPractice(Strict):
    grace_years: int


class ActivityThreshold(Strict):
    above_percentile: float | None  # None: the regime's threshold is not a percentile (avenant 7)
    gp_min_pmt: int | None = None  # a generalist's threshold as a count of patients (avenant 7)
    gp_indicative_pmt: int | None
    gp_population: str | None  # whom the generalist's count covers
    note: str  # what the sources say, or do not say, beyond these figures (specialists' thresholds…)
    derogations: str | None = None
    newly_installed_exempt: bool
    # avenant 7: a percentile above which a doctor known only by percentile is taken, as an estimate, to meet
    # the count threshold (the later regimes set the threshold at this percentile); None: no estimate
    estimate_above_percentile: float | None = None


class ActivityBands(Strict):
    majorated_from: float
    flat_from: float


class Option(Strict):
    fte: float
    label: str
    zones: list[Zone] | None
    meaning: str | None = None  # what the option is, in a doctor's words (« ⅓ ETP, … partagé entre trois médecins »)


class Amounts(Strict):
    year_1: int | None
    year_2: int
    year_3_plus: int
    year_3_plus_p90_p95: int
    every_year_p95: int


class Contract(Strict):
    duration_years: int
    objectives_from_year: int


class SecondAssistant(Strict):
    fte_options: list[float]
    zones: list[Zone]
    from_contract_year: int
    requires_fte: float
    generalists_only: bool


class Senior(Strict):
    from_age: int
    tolerance_pct: float


class NewlyInstalled(Strict):
    target_percentile: float
    within_years: int
    then_years: int


class Objectives(Strict):
    increase_pct: dict[OptionId, tuple[float, float]] | None
    increase_note: str
    indicators: str
    senior: Senior | None
    newly_installed: NewlyInstalled
    example: str | None


class CentreThreshold(Strict):
    indicator: Literal["pmt", "file_active"]
    min_per_doctor_fte: int


class CentreThresholds(Strict):
    generalistes: CentreThreshold
    specialistes: CentreThreshold
    mixte: CentreThreshold


class CentreNew(Strict):
    created_since: dt.date
    objective_file_active: int
    objective_pmt: int
    within_years: int


class CentreFte(Strict):
    min: float
    max: float
    max_per_doctor_fte: float
    caveat: str | None = None  # where a later text may change the cap and the sources stop


class CentreAmounts(Strict):
    year_1: int
    year_2: int
    year_3_plus_max: int
    caveat: str | None = None


class CentreObjectives(Strict):
    increase_pct: tuple[float, float]
    within_years: int
    replacement_months: int
    reference_dates: str


class AssistantSalary(Strict):
    gross_month: float
    gross_month_max: float | None
    months: int


class EmployerContributions(Strict):
    rate: float
    assumed: bool


class ConsultationFee(Strict):
    specialties: list[str]
    sectors: list[Literal["1", "2"]]
    amount: float
    label: str


class WorkingDays(Strict):
    days_per_year: int
    days_per_week: int
    assumed: bool


class TrainingFunding(Strict):
    doctor_cost_eur: int
    funder: str
    note: str


# The value type of every parameter file: a file not listed here is an error, so is a missing one.
SCHEMA: dict[str, Any] = {
    "regimes": Regime,
    "centre_regimes": Regime,
    "eligible_sectors": Sectors,
    "excluded_specialties": list[str],
    "surgical_rule": SurgicalRule,
    "grouped_practice": GroupedPractice,
    "coordinated_practice": CoordinatedPractice,
    "activity_threshold": ActivityThreshold,
    "activity_bands": ActivityBands,
    "option_tiers_temps": Option,
    "option_mi_temps": Option,
    "option_temps_plein": Option,
    "amounts_tiers_temps": Amounts,
    "amounts_mi_temps": Amounts,
    "amounts_temps_plein": Amounts,
    "contract": Contract,
    "second_assistant": SecondAssistant,
    "objectives": Objectives,
    "centre_thresholds": CentreThresholds,
    "centre_new": CentreNew,
    "centre_fte": CentreFte,
    "centre_amounts": CentreAmounts,
    "centre_objectives": CentreObjectives,
    "assistant_salary": AssistantSalary,
    "employer_contributions": EmployerContributions,
    "consultation_fee": list[ConsultationFee],
    "working_days": WorkingDays,
    "training_funding": TrainingFunding,
}


@dataclass(frozen=True, slots=True)
class Source:
    """A citable source: shown under answers and in « pourquoi ? »."""

    title: str
    url: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Dated(Generic[T]):
    """One value of a parameter and where it comes from."""

    parameter: str
    start: dt.date
    value: T | None
    reference: Reference
    description: str
    start_text: str | None = None
    attested_from: dt.date | None = None

    @property
    def since(self) -> str:
        """« depuis le 1er mai 2023 », or the file's own wording (« depuis 2023 ») when no text fixes the day."""
        return f"depuis {self.start_text}" if self.start_text else f"depuis le {french_day(self.start)}"

    @cached_property
    def source(self) -> Source:
        ref = self.reference
        # « document 001_….txt » names a seed file for maintainers; readers see the title and the date.
        shown = ref.article and not re.fullmatch(r"document \S+\.txt", ref.article)
        return Source(ref.title + (f", {ref.article}" if shown else ""), ref.url, ref.date)


@dataclass(frozen=True)
class Parameter(Generic[T]):
    """A parameter's history; `at(day)` gives the value in force that day (None before the first)."""

    name: str
    description: str
    unit: str | None
    history: tuple[Dated[T], ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(d.start for d in self.history))

    def at(self, day: dt.date) -> Dated[T] | None:
        index = bisect.bisect_right(self._starts, day) - 1  # type: ignore[attr-defined]
        return self.history[index] if index >= 0 else None

    def value_at(self, day: dt.date) -> T | None:
        dated = self.at(day)
        return dated.value if dated else None

    def since(self, day: dt.date) -> Dated[T] | None:
        """The first record of the run that holds the value in force on `day`: a value restated by a later
        text (same value, new record) has been in force since the earlier record, not since the restatement."""
        dated = self.at(day)
        if dated is None:
            return None
        index = self.history.index(dated)
        while index > 0 and self.history[index - 1].value == dated.value:
            index -= 1
        return self.history[index]

    @property
    def first(self) -> dt.date:
        return self.history[0].start


def _file_model(value_type: Any) -> type[Strict]:
    class Entry(Strict):
        value: value_type | None  # type: ignore[valid-type]
        reference: Reference
        start_text: str | None = None  # when no text fixes the start day: how to say it (« 2023 »)
        attested_from: dt.date | None = None  # first dated source, when later than the start

    class File(Strict):
        description: str
        unit: str | None = None
        values: dict[dt.date, Entry]

    return File


@cache
def _model(name: str) -> type[Strict]:
    """The validation model of one parameter file, built the first time that file is read."""
    return _file_model(SCHEMA[name])


def parse_parameter(name: str, data: Any, shown: str) -> Parameter:
    """Validate one parameter file's data; raise a list of DataErrors (as ParameterErrors)."""
    if name not in SCHEMA:
        raise ParameterErrors([DataError(shown, None, "", "fichier de paramètre inconnu")])
    from pydantic import ValidationError

    try:
        parsed = _model(name).model_validate(data)
    except ValidationError as exc:
        raise ParameterErrors(validation_errors(exc, data, shown)) from None
    if not parsed.values:
        raise ParameterErrors([DataError(shown, None, "values", "aucune valeur datée")])
    history = tuple(
        Dated(name, start, entry.value, entry.reference, parsed.description, entry.start_text, entry.attested_from)
        for start, entry in sorted(parsed.values.items())
    )
    return Parameter(name, parsed.description, parsed.unit, history)


class ParameterErrors(DataErrors):
    """Problems in the parameter files."""


def shipped_dir() -> Path:
    return Path(str(resources.files("rules") / "parameters"))


def load_dir(directory: Path) -> dict[str, Parameter]:
    """Load and validate every parameter file of `directory`; collect all errors before raising."""
    params: dict[str, Parameter] = {}
    errors: list[DataError] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            params[path.stem] = parse_parameter(path.stem, load_file(path), str(path))
        except DataError as exc:
            errors.append(exc)
        except ParameterErrors as exc:
            errors.extend(exc.errors)
    for name in sorted(set(SCHEMA) - set(params) - {e.file and Path(e.file).stem for e in errors}):
        errors.append(DataError(str(directory / f"{name}.yaml"), None, "", "fichier de paramètre manquant"))
    if errors:
        raise ParameterErrors(errors)
    return params


@kept("parameters")
def shipped() -> dict[str, Parameter]:
    """The shipped parameters, loaded and validated once per process."""
    return load_dir(shipped_dir())
