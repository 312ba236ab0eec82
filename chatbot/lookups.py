"""Table look-ups as intents with slots: one row of the data amguide already holds — a task of the
thesis survey, a country of the international comparison, the amounts of one option under one regime
for one contract year or activity band, a five-year total — quoted with its source.

A look-up fires only when its slot is really named (a task with a word of opinion, a country, an
option or a regime with a year, a band or a total); a general question is left to the FAQ entries.
Figures are read from knowledge/ and rules/parameters/, never typed here."""

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from chatbot.language import vocabulary
from chatbot.normalize import normalize
from chatbot.render import OPTIONS, Renderer
from common.schema import Strict
from common.text import MONTHS, day, eur, fold, number
from common.yamlio import load_model
from knowledge import KnowledgeBase
from rules import ProfileError, evaluate, parse_profile
from rules.cabinet import ZONE_NAMES
from rules.params import Parameter, Source

ORDINALS = {"premiere": 1, "premier": 1, "deuxieme": 2, "seconde": 2, "second": 2, "troisieme": 3, "quatrieme": 4,
            "cinquieme": 5}
_YEAR = re.compile(r"\b(?:([1-5])\s?(?:re|ere|er|e|eme|ieme|nd|nde)?|(premiere|premier|deuxieme|seconde|second|"
                   r"troisieme|quatrieme|cinquieme))\s+(?:annee|versement)\b|\b(?:annee|an)\s+(?:n\s+)?([1-5])\b")
# « an 1, an 2, an 3 », « année 1, 2 puis 3 », « année 1 et en année 2 » : several years, the whole row
_YEAR_LIST = re.compile(r"\b(?:annees?|ans?)\s+[1-5](?:\s+(?:et\s+|puis\s+)?(?:en\s+)?(?:(?:annees?|ans?)\s+)?[1-5])+\b")
_MONTHS = tuple(fold(month) for month in MONTHS)
_SIGNED = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(20[12]\d)\b")
_ORDINAL = re.compile(r"\b[1-5](?:re|ere|er|e|eme|nd)\b")
_PERCENTILE = re.compile(r"\bp\s?(\d{2})\b|\b(\d{2})\s?(?:e|eme|ieme)?\s+percentile\b")
_CALENDAR = re.compile(r"\b(20[12]\d)\b")
_FIGURE = re.compile(r"(?<![\d,])\d{3,}(?![\d,])")   # a whole number of three digits or more, not a decimal part
# « 2 ETP d'assistants », « 1,5 ETP d'AM », « 3 assistants à temps plein » (normalised)
_CENTRE_FTE = re.compile(r"\b(\d+(?:[.,]\d+)?)\s+(?:equivalent temps plein\s+(?:d\s+|de\s+)?assistants?|"
                         r"assistants?(?:\s+medica(?:l|ux))?\s+(?:a|en)\s+temps plein)\b")
_COUNTRY_TOKEN = re.compile(r"\{\{\s*country:(\w+)\s*\}\}")
STANDARD, MAJORATED, FLAT = "standard", "p90_p95", "p95"


class Words(Strict):
    regimes: dict[str, tuple[str, ...]]
    options: dict[str, tuple[str, ...]]
    money_strong: frozenset[str]
    money: frozenset[str]
    total: tuple[str, ...]
    not_amounts: tuple[str, ...]
    total_allows: frozenset[str]
    band_allows: frozenset[str]
    amounts_anchors: tuple[str, ...]
    revalued: tuple[str, ...]
    not_revalued: tuple[str, ...]
    per_year: tuple[str, ...]
    country_cues: tuple[str, ...]
    survey_cues: tuple[str, ...]
    other_surveys: tuple[str, ...]
    survey_generic: frozenset[str]
    survey_synonyms: dict[str, str]
    centre_not_amounts: tuple[str, ...]
    survey_columns: dict[str, tuple[str, ...]]
    survey_rank_nouns: tuple[str, ...]
    survey_most: tuple[str, ...]
    survey_least: tuple[str, ...]
    figure_cues: tuple[str, ...]


@cache
def words() -> Words:
    return load_model(Path(str(resources.files("chatbot") / "data" / "lookups.yaml")), Words)


@dataclass(frozen=True)
class Lookup:
    """One row found: its kind and slots (for tests and logs), the FAQ entry it refines, the answer."""

    kind: str                                  # tache | pays | montants | total
    intent: str                                # the entry it refines: suggestions and « pourquoi » follow it
    slots: dict[str, Any]
    text: str                                  # French Markdown, the row and its source
    kb_sources: tuple[str, ...] = ()           # ids of knowledge/data/sources.yaml
    sources: tuple[dict, ...] = ()             # parameter references {"title", "url", "date"}


def _has(norm: str, phrases) -> bool:
    padded = f" {norm} "
    return any(f" {p} " in padded for p in phrases)


def _source(s: Source) -> dict:
    return {"title": s.title, "url": s.url, "date": s.date.isoformat() if s.date else None}


class Lookups:
    """The look-ups over one knowledge base and one parameter set."""

    def __init__(self, kb: KnowledgeBase, params: dict[str, Parameter], renderer: Renderer) -> None:
        self.kb, self.params, self.renderer = kb, params, renderer
        self._figures_on: dict[dt.date, dict[str, str | None]] = {}

    def find(self, norm: str, on: dt.date) -> Lookup | None:
        """The row a normalised question names, or None when it names none (then the FAQ answers)."""
        return (self.centre(norm, on) or self.amounts(norm, on) or self.task(norm) or self.ranked_task(norm)
                or self.country(norm, on) or self.figure(norm, on))

    # ------------------------------------------------------------------ amounts by regime × option × year/band
    def _regimes_named(self, norm: str) -> list[str]:
        """Regimes named by their text (« avenant 7 ») or by a calendar year of signature (« en 2019 »)."""
        history = self.params["regimes"].history
        named = [rid for rid, phrases in words().regimes.items() if _has(norm, phrases)]
        if named:
            return [d.value.id for d in history if d.value.id in named]
        for year in _CALENDAR.findall(norm):
            start, end = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
            inside = [d for i, d in enumerate(history) if d.start <= end and
                      (i + 1 == len(history) or history[i + 1].start > start)]
            if inside:
                return [d.value.id for d in inside]
        return []

    def _option(self, norm: str) -> str | None:
        """The one option named; a phrase inside a longer one of another option does not count (« demi équivalent
        temps plein » is the mi-temps, not also the « temps plein »)."""
        said = {o: [p for p in phrases if _has(norm, [p])] for o, phrases in words().options.items()}
        others = {o: [q for other, qs in said.items() if other != o for q in qs] for o in said}
        found = [o for o, phrases in said.items() if any(not any(_has(q, [p]) for q in others[o]) for p in phrases)]
        return found[0] if len(found) == 1 else None

    @staticmethod
    def _revalued(norm: str) -> bool:
        """A revaluation named, and not ruled out (« sans revalorisation »: the row as signed)."""
        return _has(norm, words().revalued) and not _has(norm, words().not_revalued)

    def _band(self, norm: str, bands) -> str | None:
        """The activity band a percentile names: « P90-P95 » or « P92 » → majorated, « au-delà du P95 » → flat."""
        numbers = [int(a or b) for a, b in _PERCENTILE.findall(norm)]
        if not numbers:
            return None
        if any(bands.majorated_from <= n < bands.flat_from for n in numbers) or len(set(numbers)) > 1 and \
                min(numbers) >= bands.majorated_from:
            return MAJORATED
        return FLAT if max(numbers) >= bands.flat_from else STANDARD

    def amounts(self, norm: str, on: dt.date) -> Lookup | None:
        w = words()
        tokens = set(norm.split())
        option = self._option(norm)
        total = _has(norm, w.total)
        band = self._band(norm, self.params["activity_bands"].value_at(on))
        # « total sur 5 ans si j'atteins mes objectifs » : with a total and an option, the objectives are a premise;
        # « au-delà du P95 à mi-temps, combien et pendant combien de temps ? » : how long the band's amount lasts
        # is in its row (« chaque année »)
        allowed = (w.total_allows if total and option else frozenset()) | (
            w.band_allows if option and band in (MAJORATED, FLAT) else frozenset())
        blocking = [p for p in w.not_amounts if p not in allowed]
        if _has(norm, blocking) or "centre" in tokens:
            return None
        regimes = self._regimes_named(norm)
        named = option or any(_has(norm, phrases) for phrases in w.regimes.values())
        if not named and not _has(norm, w.amounts_anchors) and len(tokens) > 5:
            return None        # « ROSP 2024 montant moyen » : a year and money, but nothing of the aid
        year_match = _YEAR.search(norm)
        year = None
        if year_match:
            digit, word, after = year_match.groups()
            year = int(digit or after) if (digit or after) else ORDINALS[word]
        several = (len(_ORDINAL.findall(norm)) > 1 or _YEAR_LIST.search(norm) is not None    # the whole row
                   or _has(norm, w.per_year))
        strong = bool(tokens & w.money_strong)
        # « aide », a total or a band say « money » only next to an option (« l'aide à mi-temps sur 5 ans »).
        # A terse « temps plein, 2e année ? » names a cell of the table: money without the word.
        # « la hausse de 2024 au mi-temps en 1re année » : a revaluation named with an option asks for its figures.
        money = strong or bool(tokens & (w.money - {"aide"})) or option is not None and (
            "aide" in tokens or total or band in (MAJORATED, FLAT) or year is not None and len(tokens) <= 8
            or self._revalued(norm))
        specific = year is not None or band in (MAJORATED, FLAT) or total or several
        year = None if several else year
        closed = option is not None and self.params[f"option_{option}"].value_at(on) is None
        if not money or not (specific or closed or regimes and (option or strong)):
            return None        # (a closed option has no row in the FAQ's table of today's amounts)
        if closed and not (specific or strong or tokens & (w.money - {"aide"})):
            return None        # « le tiers-temps, c'est toujours possible ? » asks whether it exists, not its amounts
        current = self.params["regimes"].value_at(on)
        if regimes and current and current.id not in regimes and self._revalued(norm):
            regimes.append(current.id)      # « signé en 2021, avec la revalo » : the row it is paid at now
        if not regimes and closed:          # the regime under which it could last be signed, and today's
            last_open = next((d.start for d in reversed(self.params[f"option_{option}"].history) if d.value), None)
            regimes = [self.params["regimes"].value_at(last_open).id] if last_open else []
            if not total and current and current.id not in regimes:
                regimes.append(current.id)
        regimes = regimes or ([current.id] if current else [])
        if not regimes:
            return None
        signed = _SIGNED.search(norm)
        signed = dt.date(int(signed.group(2)), _MONTHS.index(signed.group(1)) + 1, 1) if signed else None
        slots = {"regimes": regimes, "option": option, "year": year, "band": band, "total": total, "signed": signed}
        return self._total(slots, on) if total else self._rows(slots, on)

    # ------------------------------------------------------------------ centres de santé: the aid for n ETP
    def centre(self, norm: str, on: dt.date) -> Lookup | None:
        """« Notre centre recrute 2 ETP d'assistants, combien d'aide ? » : the rules core's years for that volume."""
        w = words()
        tokens = set(norm.split())
        fte = _CENTRE_FTE.search(norm)
        if "centre" not in tokens or fte is None or not tokens & (w.money_strong | w.money):
            return None
        if _has(norm, w.centre_not_amounts):
            return None        # thresholds, patients, objectives: the centres' entries answer
        profile = {"structure": "centre_de_sante", "assistant_fte": float(fte.group(1).replace(",", "."))}
        try:
            result = evaluate(parse_profile(profile), on=on)
        except ProfileError:
            return None
        option = result.options[0] if result.options else None
        if option is None or not option.years:
            return None
        volume = next((c for c in result.criteria if c.id == "assistant_fte"), None)
        years = "\n".join(f"- {y.year}{'re' if y.year == 1 else 'e'} année : "
                          f"{'au plus ' if 'au plus' in y.why.rule else ''}**{eur(y.amount_eur)}** "
                          f"({y.why.rule.split(' — ', 1)[-1]})" for y in option.years)
        text = (f"Pour un **centre de santé** qui emploie **{option.label}** ({result.regime.label}) :\n\n{years}\n\n"
                f"Soit **au plus {eur(option.total_eur or 0)}** sur les {len(option.years)} ans du contrat type.")
        if volume is not None and volume.status != "met":
            text += f"\n\n{volume.explanation}"
        text += "\n\n" + "\n".join(f"_{w_}_" for w_ in result.warnings[:2])
        sources = [*(y.why.source for y in option.years), *(volume.sources if volume else ()), result.regime.source]
        return Lookup("centre", "centres.montants", {"assistant_fte": profile["assistant_fte"]}, text,
                      sources=tuple(_source(s_) for s_ in dict.fromkeys(sources)))

    def _regime(self, regime_id: str) -> tuple[Any, dt.date, dt.date | None, Source]:
        """A regime's value, first day, last day (None while in force) and source."""
        history = self.params["regimes"].history
        for i, d in enumerate(history):
            if d.value.id == regime_id:
                end = history[i + 1].start - dt.timedelta(days=1) if i + 1 < len(history) else None
                return d.value, d.start, end, d.source
        raise KeyError(regime_id)

    def _period(self, start: dt.date, end: dt.date | None) -> str:
        return f"du {day(start)} au {day(end)}" if end else f"depuis le {day(start)}"

    def _status(self, option: str, start: dt.date, end: dt.date | None, on: dt.date) -> str:
        """What an option is and whether it could be signed under the regime running from `start` to `end`, said
        as true of that regime on `on`: under a regime already replaced, « ouverte aux nouveaux contrats » would
        be false even of an option still open today."""
        history = self.params[f"option_{option}"].history
        opened = self.params[f"option_{option}"].at(start)
        closed = next((d.start for d in history if d.value is None and d.start > history[0].start), None)
        meaning = next((d.value.meaning for d in reversed(history) if d.value is not None and d.start <= start
                        and d.value.meaning), None) or next((d.value.meaning for d in history if d.value), None)
        head = f"{meaning} ; " if meaning else ""
        if opened is not None and opened.value is not None:
            zones = opened.value.zones
            where = f" ; réservé aux médecins exerçant en {', '.join(ZONE_NAMES[z] for z in zones)}" if zones else ""
            if closed:
                last = closed - dt.timedelta(days=1)
                return (f"{head}option ouverte aux contrats signés du {day(history[0].start)} au {day(last)}, "
                        f"**fermée depuis le {day(closed)}**{where}")
            if end is not None and end < on:
                return (f"{head}option de ce régime{where} ; toujours proposée aux nouveaux contrats, aux conditions "
                        "et montants d'aujourd'hui")
            return f"{head}option ouverte aux nouveaux contrats{where}"
        return (f"{head}**option fermée aux nouveaux contrats depuis le {day(closed)}** : ces montants ne concernent "
                "que les contrats signés avant, jusqu'à leur terme") if closed else "option inexistante"

    def _row(self, amounts, bands) -> str:
        cells = [("1re année", amounts.year_1), ("2e année", amounts.year_2),
                 ("3e année et suivantes", amounts.year_3_plus),
                 (f"3e année et suivantes entre P{number(bands.majorated_from)} et P{number(bands.flat_from)}",
                  amounts.year_3_plus_p90_p95),
                 (f"chaque année à partir de P{number(bands.flat_from)}", amounts.every_year_p95)]
        return " · ".join(f"{label} {eur(v) if v is not None else 'sans objet (plus de nouveau contrat)'}"
                          for label, v in cells)

    def _cell(self, amounts, bands, year: int | None, band: str | None) -> tuple[str, int | None] | None:
        """The column asked for, in French, and its value (None when no single cell is named)."""
        p90, p95 = f"P{number(bands.majorated_from)}", f"P{number(bands.flat_from)}"
        if band == FLAT:
            return f"chaque année, activité à partir de {p95}", amounts.every_year_p95
        if year in (1, 2):
            extra = f" (la majoration {p90}–{p95} ne joue qu'à partir de la 3e année)" if band == MAJORATED else ""
            return f"{year}{'re' if year == 1 else 'e'} année{extra}", getattr(amounts, f"year_{year}")
        if band == MAJORATED:
            return f"à partir de la 3e année, activité entre {p90} et {p95}", amounts.year_3_plus_p90_p95
        if year is not None:
            return f"{year}e année" + (" et suivantes" if year == 3 else " (3e année et suivantes)"), amounts.year_3_plus
        return None

    def _rows(self, slots: dict, on: dt.date) -> Lookup | None:
        options = [slots["option"]] if slots["option"] else list(OPTIONS)
        parts, sources = [], []
        for regime_id in slots["regimes"]:
            regime, start, end, regime_source = self._regime(regime_id)
            bands = self.params["activity_bands"].value_at(start)
            lines, block = [], []
            for option in options:
                dated = self.params[f"amounts_{option}"].at(start)
                if dated is None or dated.value is None:
                    continue
                label = self._label(option)
                cell = self._cell(dated.value, bands, slots["year"], slots["band"])
                head = f"**{label}** ({self._status(option, start, end, on)})"
                if cell is not None:
                    what, value = cell
                    shown = f"**{eur(value)}**" if value is not None else "sans objet (plus de nouveau contrat)"
                    old = self._older(option, start, cell, slots, bands)
                    full = f"\n  Ligne complète : {self._row(dated.value, bands)}." if slots["option"] else ""
                    lines.append(f"- {head} — {what} : {shown}{old}.{full}")
                else:
                    lines.append(f"- {head} : {self._row(dated.value, bands)}.")
                block.append(dated.source)
            signed = slots.get("signed")
            if lines and slots["option"] and signed and start <= signed and (end is not None and signed <= end):
                dated = self._signed_years(signed, [slots["option"]], None, on)
                if dated and dated[0].available:
                    years, revalued = self._years_text(dated[0], start)
                    lines.append(f"- Pour un contrat signé le {day(signed)}, année par année : {years}."
                                 + (" « Revalorisée » : année payée aux montants en vigueur à sa date anniversaire."
                                    if revalued else ""))
                    block.extend(y.why.source for y in dated[0].years)
            if lines:
                parts.append(f"**{regime.label}** (contrats signés {self._period(start, end)}) :\n\n" + "\n".join(lines)
                             + self._cited(block))
                sources.extend([*block, regime_source])
        if not parts:
            return None
        option = slots["option"]
        intent = ("montants.tiers_temps" if option == "tiers_temps" else
                  "montants.forte_activite" if slots["band"] in (MAJORATED, FLAT) else "montants.annuels")
        text = "\n\n".join(parts) + self._footer(slots["regimes"])
        return Lookup("montants", intent, slots, text, sources=tuple(_source(s) for s in dict.fromkeys(sources)))

    def _older(self, option: str, start: dt.date, cell: tuple, slots: dict, bands) -> str:
        """The 2019 avenant 7 figure when today's differs (training material still quotes it)."""
        first = self.params[f"amounts_{option}"].history[0]
        if first.start == start:
            return ""
        then = self._cell(first.value, bands, slots["year"], slots["band"])
        if then is None or then[1] == cell[1] or then[1] is None:
            return ""
        return f" (avenant 7 de 2019 : {eur(then[1])})"

    def _label(self, option: str) -> str:
        history = self.params[f"option_{option}"].history
        return next(d.value.label for d in history if d.value is not None)

    @staticmethod
    def _cited(sources: list[Source]) -> str:
        """The amounts sources of one regime's block, in one line under it."""
        titles = list(dict.fromkeys(s.title for s in sources))
        return f"\n\n_Source{'s' if len(titles) > 1 else ''} : {' ; '.join(titles)}._" if titles else ""

    def _footer(self, regime_ids: list[str]) -> str:
        """Objectives and the anniversary revaluation, for every block that predates the latest amounts."""
        latest = max(self.params[f"amounts_{o}"].history[-1].start for o in OPTIONS)
        text = "\n\nMontants annuels de l'aide, objectifs supposés atteints à partir de la 3e année."
        if any(self._regime(r)[1] < latest for r in regime_ids):
            label = self.params["regimes"].value_at(latest).short_label
            text += (f" Un contrat signé avant le {day(latest)} passe aux montants de la {label} à sa date "
                     "anniversaire.")
        return text

    # ------------------------------------------------------------------ five-year totals (computed by the rules core)
    def _total(self, slots: dict, on: dt.date) -> Lookup | None:
        current = self.params["regimes"].at(on)
        options = [slots["option"]] if slots["option"] else list(OPTIONS)
        bands = self.params["activity_bands"].value_at(on)
        percentile = {MAJORATED: bands.majorated_from, FLAT: bands.flat_from}.get(slots["band"])
        parts, sources, any_revalued = [], [], False
        for regime_id in slots["regimes"]:
            regime, start, end, regime_source = self._regime(regime_id)
            signed = on if current is not None and current.value.id == regime_id and on >= start else start
            if slots.get("signed") and start <= slots["signed"] and (end is None or slots["signed"] <= end):
                signed = slots["signed"]       # « signé en octobre 2019 »: its own anniversaries
            lines, block = [], []
            for o in self._signed_years(signed, options, percentile, on):
                if not o.available:
                    if slots["option"]:
                        lines.append(f"- **{o.label}** : {o.reason}")
                    continue
                years, revalued = self._years_text(o, start)
                lines.append(f"- **{o.label}** : **{eur(o.total_eur)}** sur {len(o.years)} ans ({years}).")
                block.extend(y.why.source for y in o.years)
                any_revalued = any_revalued or revalued
            if lines:
                band = {MAJORATED: f", activité entre P{number(bands.majorated_from)} et P{number(bands.flat_from)}",
                        FLAT: f", activité à partir de P{number(bands.flat_from)}"}.get(slots["band"], "")
                parts.append(f"**{regime.label}** — total pour un contrat signé le {day(signed)}{band} :\n\n"
                             + "\n".join(lines) + self._cited(block))
                sources.extend([*block, regime_source])
        if not parts:
            return None
        text = "\n\n".join(parts) + self._footer(slots["regimes"])
        if any_revalued:
            text += " « Revalorisée » : année payée aux montants en vigueur à sa date anniversaire."
        text += " Pour votre cas, lancez une simulation."
        return Lookup("total", "montants.annuels", slots, text, sources=tuple(_source(s) for s in dict.fromkeys(sources)))

    @staticmethod
    def _signed_years(signed: dt.date, options: list[str], percentile: float | None, on: dt.date) -> list:
        """The rules core's options for a contract signed on `signed`: each year at the amounts of its anniversary."""
        profile = {"signature_date": signed, "zone": "zip"}
        if percentile is not None:
            profile["percentile"] = percentile
        return [o for o in evaluate(parse_profile(profile), on=on).options if o.option in options]

    @staticmethod
    def _years_text(option, start: dt.date) -> tuple[str, bool]:
        """« 1re année 18 000 € · 2e année 14 000 € (revalorisée) · … », and whether a year was revalued."""
        revalued = {y.year for y in option.years if y.why.in_force_since > start}
        return (" · ".join(f"{y.year}{'re' if y.year == 1 else 'e'} année {eur(y.amount_eur)}"
                           + (" (revalorisée)" if y.year in revalued else "") for y in option.years), bool(revalued))

    # ------------------------------------------------------------------ thesis survey: one task
    @cached_property
    def _tasks(self) -> list[tuple[Any, set[str]]]:
        w = words()
        stop = vocabulary().stopwords | w.survey_generic
        return [(row, {t for t in normalize(row.task, self.kb.lexicon).split() if t not in stop and len(t) > 2})
                for row in self.kb.survey.rows] if self.kb.survey else []

    @cached_property
    def _task_idf(self) -> dict[str, float]:
        count = len(self._tasks)
        df: dict[str, int] = {}
        for _, bag in self._tasks:
            for t in bag:
                df[t] = df.get(t, 0) + 1
        return {t: math.log(count / n) for t, n in df.items()}

    @staticmethod
    def _same(word: str, term: str) -> bool:
        """One word of the question and one of a task: equal, a close spelling, or the same stem."""
        if word == term:
            return True
        if min(len(word), len(term)) < 5:
            return False
        return fuzz.ratio(word, term) >= 90 or word[:7] == term[:7] and abs(len(word) - len(term)) <= 3

    def task(self, norm: str) -> Lookup | None:
        w = words()
        if not _has(norm, w.survey_cues) or _has(norm, w.other_surveys) or not self._tasks:
            return None
        stop = vocabulary().stopwords | w.survey_generic | {t for cue in w.survey_cues for t in cue.split()}
        asked = [w.survey_synonyms.get(t, t) for t in dict.fromkeys(norm.split())
                 if t not in stop and len(t) > 1 and not t.isdigit()]
        asked = [t for t in dict.fromkeys(asked) if len(t) > 2]
        floor = math.log(len(self._tasks) / 3)      # a word found in three tasks at most
        same = {a: {t for t in self._task_idf if self._same(a, t)} for a in asked}   # each pair compared once
        scored = []
        for row, bag in self._tasks:
            hits = {a: max((self._task_idf[t] for t in bag & same[a]), default=0.0) for a in asked}
            hits = {a: v for a, v in hits.items() if v}
            if sum(hits.values()) >= floor:
                scored.append((sum(hits.values()), row, set(hits)))
        scored.sort(key=lambda item: -item[0])
        kept, covered = [], set()
        for score, row, hits in scored:   # the best rows, and any row that names a word the better ones lack
            if score >= 0.75 * scored[0][0] or hits - covered:
                kept.append((score, row, hits))
                covered |= hits
        if not kept or len(kept) > 3 and kept[3][0] == kept[2][0]:
            return None               # a word shared by too many tasks names none of them
        kept = kept[:3]
        covered = set().union(*(hits for _, _, hits in kept))
        if len(covered) * 2 <= len(asked):
            return None               # half the question or more is about something else
        rows = [row for _, row, _ in kept]
        survey = self.kb.survey
        lines = [self._task_line(r) for r in rows]
        source = self.kb.sources.get(survey.source)
        text = (f"Dans la thèse présentée à la soirée, **{survey.respondents} généralistes** ont classé chaque tâche "
                "de l'assistant :\n\n" + "\n\n".join(lines) +
                f"\n\nSource : *{survey.title}*" + (f", présentée par {source.title}" if source else "") + ".")
        return Lookup("tache", "theses.tableau", {"tasks": [r.task for r in rows]}, text, kb_sources=(survey.source,))

    def ranked_task(self, norm: str) -> Lookup | None:
        """« Quelle tâche est le plus souvent jugée indispensable ? » : the survey's rows ranked by one column."""
        w = words()
        padded = f" {norm} "
        column = next((c for c, cues in w.survey_columns.items() if any(f" {cue} " in padded for cue in cues)), None)
        if column is None or not _has(norm, w.survey_rank_nouns) or not self.kb.survey:
            return None
        least = _has(norm, w.survey_least)
        if not least and not _has(norm, w.survey_most):
            return None
        survey = self.kb.survey
        rows = sorted(survey.rows, key=lambda r: getattr(r, column).pct, reverse=not least)[:3]
        lines = [f"{k}. **« {r.task} »** : {number(getattr(r, column).pct, 1)} % ({getattr(r, column).n} sur "
                 f"{survey.respondents})" for k, r in enumerate(rows, 1)]
        which = "le moins souvent" if least else "le plus souvent"
        source = self.kb.sources.get(survey.source)
        text = (f"Dans la thèse présentée à la soirée, les tâches que les **{survey.respondents} généralistes** ont "
                f"jugées {which} **{column}s** :\n\n" + "\n".join(lines) +
                f"\n\nSource : *{survey.title}*" + (f", présentée par {source.title}" if source else "") + ".")
        return Lookup("tache", "theses.tableau", {"column": column, "least": least, "tasks": [r.task for r in rows]},
                      text, kb_sources=(survey.source,))

    def _task_line(self, row) -> str:
        survey = self.kb.survey
        shares = [("indispensable", row.indispensable), ("utile", row.utile), ("accessoire", row.accessoire)]
        top = max(shares, key=lambda s: s[1].pct)
        listed = (" La soirée SEXTANT 76 la range parmi les tâches **indispensables**." if row.task in survey.indispensables
                  else " La soirée SEXTANT 76 la range parmi les missions **accessoires**." if row.task in survey.accessoires
                  else "")
        cells = " ; ".join(f"{name} pour {s.n} ({number(s.pct, 1)} %)" for name, s in shares)
        return (f"**« {row.task} »** : {cells}. Réponse la plus fréquente : **{top[0]}** "
                f"({number(top[1].pct, 1)} %).{listed}")

    # ------------------------------------------------------------------ international comparison: one country
    @cached_property
    def _country_entries(self) -> dict[str, str]:
        """Country id → the entry whose answer is that country's row."""
        found = {}
        for entry in self.kb.entries:
            for country_id in _COUNTRY_TOKEN.findall(entry.answer):
                found.setdefault(country_id, entry.id)
        return found

    @cached_property
    def _country_names(self) -> dict[str, set[str]]:
        """Country id → its names and aliases, normalised like the questions."""
        countries = self.kb.international.countries if self.kb.international else ()
        return {c.id: {normalize(a, self.kb.lexicon) for a in (*c.aliases, c.name)} for c in countries}

    def country(self, norm: str, on: dt.date) -> Lookup | None:
        named = [cid for cid, names in self._country_names.items() if _has(norm, names)]
        if len(named) != 1 or named[0] not in self._country_entries:
            return None
        tokens = norm.split()
        if len(tokens) > 4 and not any(t.startswith(c) for t in tokens for c in words().country_cues):
            return None     # « la capitale de l'Australie » names a country, not its assistants
        intent = self._country_entries[named[0]]
        text = self.renderer.render(self.kb.by_id[intent].answer, on)
        source = self.kb.sources.get(self.kb.international.source)
        if source:
            text += f"\n\nSource : tableau « L'assistant médical dans les autres pays », {source.title}."
        return Lookup("pays", intent, {"country": named[0]}, text, kb_sources=(self.kb.international.source,))

    # ------------------------------------------------------------------ a figure asked about: the entry that gives it
    def _figures(self, on: dt.date) -> dict[str, str | None]:
        """Each number of three digits or more that the answers give (as rendered on `on`) → the one entry that gives
        it, or None when several do."""
        if on not in self._figures_on:
            found: dict[str, str | None] = {}
            for entry in self.kb.entries:
                for figure in set(_FIGURE.findall(normalize(self.renderer.render(entry.answer, on), self.kb.lexicon))):
                    found[figure] = entry.id if figure not in found else None
            self._figures_on = {on: found}
        return self._figures_on[on]

    def figure(self, norm: str, on: dt.date) -> Lookup | None:
        """« 775 patients MT, c'est quoi ce chiffre ? »: a figure asked about as a figure, that one entry gives and no
        other (a year, or a figure of several entries, names none): that entry's answer."""
        if not _has(norm, words().figure_cues):
            return None
        entries = {self._figures(on).get(f) for f in _FIGURE.findall(norm) if not _CALENDAR.fullmatch(f)} - {None}
        if len(entries) != 1:
            return None
        entry = self.kb.by_id[entries.pop()]
        return Lookup("chiffre", entry.id, {"figure": True}, self.renderer.render(entry.answer, on),
                      kb_sources=tuple(entry.sources))
