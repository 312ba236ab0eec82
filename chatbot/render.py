"""Fill an answer's {{…}} references from the rules parameters and the knowledge data, at a given date,
so that a figure owned by the rules (amounts, thresholds, dates) is never typed a second time."""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from common.text import day, eur, fold, number
from knowledge import KnowledgeBase
from rules import specialties
from rules.params import Parameter

TOKEN = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
PARAM = re.compile(r"^(?P<name>[a-z_0-9]+)(?:@(?P<date>\d{4}-\d{2}-\d{2}))?(?:\.(?P<path>[\w.]+))?(?:\|(?P<filter>\w+))?$")
OPTIONS = ("tiers_temps", "mi_temps", "temps_plein")


class TemplateError(ValueError):
    """A reference in an answer that does not resolve."""


def _plural(name: str) -> str:
    return " ".join(w if w.endswith(("s", "x")) or not w[0].isalpha() else w + "s" for w in name.split())


def _specialty_names(ids: list[str]) -> str:
    names = [_plural(specialties.by_id(i).practitioner) for i in ids]
    return ", ".join(names[:-1]) + " et " + names[-1] if len(names) > 1 else "".join(names)


FILTERS: dict[str, Callable[[Any], str]] = {
    "eur": eur,
    "num": lambda v: number(v, 0 if float(v).is_integer() else 1),
    "pct": lambda v: number(round(v * 100, 1), 0 if float(v * 100).is_integer() else 1),
    "rest_pct": lambda v: number(round(100 - v * 100, 1)),
    "range": lambda v: f"+{number(v[0], 1)} % à +{number(v[1], 1)} %",
    "ftes": lambda v: " ou ".join(number(f, 1) for f in v),
    "date": day,
    "specialties": _specialty_names,
}


class Renderer:
    """Renders answers for one knowledge base and one parameter set."""

    def __init__(self, kb: KnowledgeBase, params: dict[str, Parameter]) -> None:
        self.kb, self.params = kb, params
        self.blocks: dict[str, Callable[[dt.date, str], str]] = {
            "amounts": self._amounts, "survey": self._survey, "survey_indispensables": self._indispensables,
            "survey_accessoires": self._accessoires, "international": self._international,
            "programme": self._programme, "bands": self._bands,
        }

    def render(self, text: str, on: dt.date, question: str = "") -> str:
        return TOKEN.sub(lambda m: self._token(m.group(1), on, question), text)

    def _token(self, token: str, on: dt.date, question: str) -> str:
        if token == "today":
            return day(on)
        if token == "quiz_count":
            return str(len(self.kb.evening.quiz)) if self.kb.evening else "0"
        kind, _, arg = token.partition(":")
        if arg and kind == "block":
            if arg not in self.blocks:
                raise TemplateError(f"bloc inconnu : {arg}")
            return self.blocks[arg](on, question)
        if arg and kind == "country":
            return self._country(arg)
        return self._parameter(token, on)

    def _parameter(self, token: str, on: dt.date) -> str:
        match = PARAM.match(token)
        if not match or match["name"] not in self.params:
            raise TemplateError(f"référence inconnue : {token}")
        when = dt.date.fromisoformat(match["date"]) if match["date"] else on
        parameter = self.params[match["name"]]
        dated = parameter.at(when)
        if dated is None or dated.value is None:  # not yet (or no longer) in force: its first real value
            dated = next((d for d in parameter.history if d.value is not None), None)
        if dated is None:
            raise TemplateError(f"{match['name']} n'a aucune valeur")
        if match["filter"] == "start":
            return day(dated.start)
        if match["filter"] == "since":  # the first record with the value in force, in words
            return parameter.since(when).since
        value = self._path(dated, match["path"], token)
        if value is None and not match["date"]:  # a field absent at that date: its first later value
            later = (self._path(d, match["path"], token) for d in parameter.history if d.start > dated.start and d.value)
            value = next((v for v in later if v is not None), None)
        if value is None:
            raise TemplateError(f"{token} : pas de valeur à cette date")
        if match["filter"]:
            if match["filter"] not in FILTERS:
                raise TemplateError(f"filtre inconnu : {match['filter']}")
            return FILTERS[match["filter"]](value)
        return number(value) if isinstance(value, (int, float)) else str(value)

    @staticmethod
    def _path(dated: Any, path: str | None, token: str) -> Any:
        value = dated.value
        for part in path.split(".") if path else []:
            value = _step(value, part, token)
        return value

    # ------------------------------------------------------------------ blocks
    def _amounts(self, on: dt.date, question: str) -> str:
        """Amounts for a contract year starting on `on`: the options open to new contracts, the closed ones
        still paid to running contracts (marked closed, with the date), then each earlier set of amounts
        with the dates it held (avenant 7 figures are still quoted in training material)."""
        bands = self.params["activity_bands"].value_at(on)
        if bands is None:
            first = self.params["regimes"].history[0]
            return f"Aucune option n'était ouverte le {day(on)} : le dispositif s'applique aux contrats signés {first.since}."
        asked = _asked_option(question)
        rows = []
        for option in _first(asked):
            opened, amounts = self.params[f"option_{option}"], self.params[f"amounts_{option}"]
            now = amounts.value_at(on)
            if opened.value_at(on) is not None:
                rows.append(_amount_row(opened.value_at(on).label, now))
            elif now is not None and (closed := opened.since(on)) and closed.start > opened.first:
                label = _last_label(opened, on)
                rows.append(_amount_row(f"{label} (option fermée aux nouveaux contrats {closed.since} ; "
                                        "contrats en cours)", now))
        head = (f"| Option | 1re année | 2e année | 3e année et + | 3e et + si P{number(bands.majorated_from)}–"
                f"P{number(bands.flat_from)} | Chaque année si ≥ P{number(bands.flat_from)} |")
        table = "\n".join([head, "|---|--:|--:|--:|--:|--:|", *rows])
        if any("| — |" in row for row in rows):
            table += ("\n\n« — » : sans objet ; une option fermée aux nouveaux contrats n'a plus de contrat en 1re "
                      "année, ses contrats en cours sont payés aux montants des années suivantes.")
        return table + "".join(f"\n\n{text}" for text in self._earlier_amounts(on, asked))

    def _earlier_amounts(self, on: dt.date, asked: str | None = None) -> list[str]:
        """One paragraph per earlier set of amounts, said to be the old scale (its texts, until when, each option's
        row, the asked option first): read after today's table, its figures must not pass for today's."""
        reference = self.params["amounts_mi_temps"]
        current = reference.at(on)
        texts = []
        for index, dated in enumerate(reference.history[:reference.history.index(current)]):
            until = reference.history[index + 1].start - dt.timedelta(days=1)
            regimes = [r.value.label for r in self.params["regimes"].history
                       if r.value and dated.start <= r.start <= until]
            parts, firsts = [], {}
            for option in _first(asked):
                row = self.params[f"amounts_{option}"].value_at(dated.start)
                opened = self.params[f"option_{option}"]
                if row is None:
                    continue
                firsts[option] = row.year_1
                bands = self.params["activity_bands"].value_at(dated.start)
                text = (f"{_last_label(opened, dated.start).lower()} {eur(row.year_1)} / {eur(row.year_2)} / "
                        f"{eur(row.year_3_plus)} ({eur(row.year_3_plus_p90_p95)} entre P{number(bands.majorated_from)}"
                        f" et P{number(bands.flat_from)}, {eur(row.every_year_p95)} chaque année à partir de "
                        f"P{number(bands.flat_from)})")
                closed = next((d for d in opened.history if d.value is None and dated.start < d.start <= until), None)
                if closed:
                    text += f", option fermée aux nouveaux contrats le {day(closed.start)}"
                parts.append(text)
            if asked in firsts:
                name = _last_label(self.params[f"option_{asked}"], dated.start).lower()
                gist = f"{eur(firsts[asked])} la 1re année pour un {name}"
            else:
                gist = f"de {eur(min(firsts.values()))} à {eur(max(firsts.values()))} la 1re année selon l'option"
            texts.append(f"**Ancien barème**, pour mémoire ({', puis '.join(r[0].lower() + r[1:] for r in regimes)}) : "
                         f"en vigueur jusqu'au {day(until)} et remplacé depuis, il est encore cité dans les supports "
                         "de formation. Par année de contrat (1re / 2e / 3e et suivantes) : "
                         + " ; ".join(parts) + f". Soit, dans cet ancien barème, {gist}.")
        return texts

    def _bands(self, on: dt.date, question: str) -> str:
        """What a high-activity doctor gets, option by option, from the amounts in force on `on`."""
        bands = self.params["activity_bands"].value_at(on)
        if bands is None:
            return self._amounts(on, question)
        rows = []
        for option in OPTIONS:
            opened = self.params[f"option_{option}"].value_at(on)
            if opened is not None:
                rows.append((opened.label.lower(), self.params[f"amounts_{option}"].value_at(on)))
        low, high = f"P{number(bands.majorated_from)}", f"P{number(bands.flat_from)}"
        majorated = ", ".join(f"{eur(a.year_3_plus_p90_p95)} au lieu de {eur(a.year_3_plus)} ({name})"
                              for name, a in rows)
        flat = ", ".join(f"{eur(a.every_year_p95)} ({name})" for name, a in rows)
        earlier = ", ".join(f"{eur(a.year_2)} ({name})" for name, a in rows if a.every_year_p95 > a.year_2)
        lines = [f"- **Entre {low} et {high}** de votre spécialité : aide **majorée à partir de la 3e année** — "
                 f"{majorated} ; les deux premières années sont les mêmes pour tous.",
                 f"- **À partir du {high}** : le **montant de 1re année chaque année**, pendant toute la durée du contrat — {flat}."]
        if earlier:
            lines.append(f"  L'aide est donc déjà plus élevée **dès la 2e année** (au lieu de {earlier}).")
        return "\n".join(lines)

    def _survey(self, on: dt.date, question: str) -> str:
        survey = self.kb.survey
        picked = _rows_about(survey.rows, question)
        rows = picked or sorted(survey.rows, key=lambda r: -r.indispensable.pct)
        lines = ["| Tâche | Indispensable | Utile | Accessoire |", "|---|--:|--:|--:|"]
        for r in rows:
            lines.append(f"| {r.task} | {_share(r.indispensable)} | {_share(r.utile)} | {_share(r.accessoire)} |")
        head = "" if picked else f"Les {len(rows)} tâches, de la plus souvent jugée indispensable à la moins souvent :\n\n"
        return head + "\n".join(lines)

    def _listed(self, names: tuple[str, ...], column: str) -> str:
        rows = {r.task: r for r in self.kb.survey.rows}
        return "\n".join(f"- {n} ({_share(getattr(rows[n], column))} {column})" for n in names)

    def _indispensables(self, on: dt.date, question: str) -> str:
        return self._listed(self.kb.survey.indispensables, "indispensable")

    def _accessoires(self, on: dt.date, question: str) -> str:
        return self._listed(self.kb.survey.accessoires, "accessoire")

    def _international(self, on: dt.date, question: str) -> str:
        lines = ["| Pays | Depuis | Formation | Fonctions |", "|---|---|---|---|"]
        lines += [f"| {c.name} | {c.since} | {c.training} | {c.functions} |" for c in self.kb.international.countries]
        return "\n".join(lines)

    def _country(self, country_id: str) -> str:
        found = {c.id: c for c in self.kb.international.countries} if self.kb.international else {}
        if country_id not in found:
            raise TemplateError(f"pays inconnu : {country_id}")
        c = found[country_id]
        return (f"**{c.name}** : des assistants médicaux depuis **{c.since}**.\n\n- Formation et organisation : "
                f"{c.training}.\n- Fonctions : {c.functions}.\n\n{self.kb.international.france.text}")

    def _programme(self, on: dt.date, question: str) -> str:
        return "\n".join(f"{i}. **{s.step}** — {s.detail}" for i, s in enumerate(self.kb.evening.programme, 1))


def _asked_option(question: str) -> str | None:
    """The option a question is about (« montant de l'aide à mi-temps » → mi_temps), if it names one."""
    if not question:
        return None
    from chatbot.entities import extract
    from chatbot.normalize import normalize

    return extract(normalize(question)).get("option")


def _first(asked: str | None) -> list[str]:
    """The options in their usual order, the asked one first."""
    return sorted(OPTIONS, key=lambda option: option != asked)


def _amount_row(label: str, a: Any) -> str:
    cells = [eur(v) if v is not None else "—" for v in
             (a.year_1, a.year_2, a.year_3_plus, a.year_3_plus_p90_p95, a.every_year_p95)]
    return f"| {label} | " + " | ".join(cells) + " |"


def _last_label(option: Parameter, on: dt.date) -> str:
    """An option's label as last open on or before `on`."""
    return next(d.value.label for d in reversed(option.history) if d.value is not None and d.start <= on)


def _rows_about(rows: tuple, question: str) -> list:
    """The rows that share the question's most specific word (« agenda » → the agenda row)."""
    words = set(re.findall(r"[a-z]{4,}", fold(question))) - _GENERIC
    tasks = [(row, set(re.findall(r"[a-z]{4,}", fold(row.task)))) for row in rows]
    counts = {w: sum(w in t for _, t in tasks) for w in words}
    rarest = [w for w, c in counts.items() if 0 < c <= 3]
    if not rarest:
        return []
    best = min(counts[w] for w in rarest)
    keep = {w for w in rarest if counts[w] == best}
    return [row for row, t in tasks if keep & t]


_GENERIC = {"medecin", "medecins", "generaliste", "generalistes", "assistant", "assistante", "taches", "tache",
            "indispensable", "utile", "accessoire", "trouvent", "jugent", "pensent", "patient", "patients"}


def _share(share: Any) -> str:
    return f"{number(share.pct, 1)} % ({share.n})"


def _step(value: Any, part: str, token: str) -> Any:
    try:
        if isinstance(value, (list, tuple)):
            return value[int(part)]
        if isinstance(value, dict):
            return value[part]
        if hasattr(value, part):
            return getattr(value, part)
    except (IndexError, KeyError, ValueError):
        pass
    raise TemplateError(f"référence inconnue : {token} (« {part} »)")


def check_answers(kb: KnowledgeBase, params: dict[str, Parameter], on: dt.date) -> list:
    """Render every answer (and every form question) at `on`: a reference that does not resolve is an error."""
    from chatbot.form import form, path as form_path
    from common.yamlio import DataError

    renderer, errors = Renderer(kb, params), []
    for entry in kb.entries:
        try:
            renderer.render(entry.answer, on, entry.title)
        except TemplateError as exc:
            file, line = kb.where.get(entry.id, ("knowledge", None))
            errors.append(DataError(file, line, f"{entry.id}.answer", str(exc)))
    for name, slot in form().slots.items():
        try:
            renderer.render(slot.question, on)
        except TemplateError as exc:
            errors.append(DataError(str(form_path()), None, f"slots.{name}.question", str(exc)))
    return errors
