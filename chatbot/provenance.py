"""Checks of `amguide kb check` on where facts come from: a figure an answer takes from the data must be
cited by that answer; a source's date must be a real one; no fact may be typed in the code."""

import ast
import datetime as dt
import re
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from chatbot.render import OPTIONS, PARAM, TOKEN
from common.text import day
from common.yamlio import DataError
from knowledge import KnowledgeBase
from rules.params import Dated, Parameter, Reference, shipped_dir


def check_provenance(kb: KnowledgeBase, params: dict[str, Parameter], on: dt.date) -> list[DataError]:
    return cited_sources(kb, params, on) + placeholder_dates(kb, params) + typed_facts()


# ---------------------------------------------------------------------- a claim's source is cited
def cited_sources(kb: KnowledgeBase, params: dict[str, Parameter], on: dt.date) -> list[DataError]:
    """Every source the data names for what an answer shows (a parameter record's reference, a table's
    source) must be among the entry's sources. Parameters are taken at `on`, or at the token's own date."""
    by_url: dict[str, set[str]] = {}
    for key, s in kb.sources.items():
        if s.url:
            by_url.setdefault(_url(s.url), set()).add(key)
    by_file = {s.file: {key} for key, s in kb.sources.items() if s.file}
    errors = []
    for entry in kb.entries:
        file, line = kb.where.get(entry.id, ("knowledge", None))
        for origin, needed in _needed(entry.answer, kb, params, on):
            for source in needed:
                keys = {source} if isinstance(source, str) else _source_keys(source, by_url, by_file)
                if not keys:
                    errors.append(DataError(file, line, f"{entry.id}.answer",
                                            f"{origin} : la source « {source.title} » manque dans sources.yaml"))
                elif not keys & set(entry.sources):
                    errors.append(DataError(file, line, f"{entry.id}.sources", f"{origin} vient de « "
                                            f"{' » ou « '.join(sorted(keys))} », absente des sources de la fiche"))
    return errors


def _needed(answer: str, kb: KnowledgeBase, params: dict[str, Parameter],
            on: dt.date) -> Iterable[tuple[str, list]]:
    for match in TOKEN.finditer(answer):
        token = match.group(1)
        kind, _, arg = token.partition(":")
        if kind == "country" and kb.international:
            yield token, [kb.international.source, *kb.international.france.sources]
        elif kind == "block":
            yield token, _block_sources(arg, kb, params, on)
        elif (found := PARAM.match(token)) and found["name"] in params:
            parameter = params[found["name"]]
            when = dt.date.fromisoformat(found["date"]) if found["date"] else on
            records = [parameter.at(when)] + ([parameter.since(when)] if found["filter"] == "since" else [])
            yield token, [d.reference for d in records if d is not None and d.value is not None]


def _block_sources(block: str, kb: KnowledgeBase, params: dict[str, Parameter], on: dt.date) -> list:
    tables = {"survey": kb.survey, "survey_indispensables": kb.survey, "survey_accessoires": kb.survey,
              "international": kb.international, "programme": kb.evening}
    if block in tables:
        return [tables[block].source] if tables[block] else []
    if block in ("amounts", "bands"):  # the amounts in force at `on` and, for the table, the earlier ones
        names = [f"amounts_{o}" for o in OPTIONS]
        records: list[Dated] = [params[n].at(on) for n in names]
        if block == "amounts":
            records += [d for n in names for d in params[n].history if d.start <= on]
        return [d.reference for d in records if d is not None and d.value is not None]
    return []


def _url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def _source_keys(reference: Reference, by_url: dict[str, set[str]], by_file: dict[str, set[str]]) -> set[str]:
    """The knowledge sources a parameter's reference names: same address, or same seed document."""
    keys = set(by_url.get(_url(reference.url), set())) if reference.url else set()
    document = re.search(r"\b\d{3}_[0-9a-f]+\.txt\b", reference.article or "")
    return keys | (by_file.get(document.group(0), set()) if document else set())


# ---------------------------------------------------------------------- no placeholder dates
def placeholder_dates(kb: KnowledgeBase, params: dict[str, Parameter], knowledge_dir: Path | None = None,
                      params_dir: Path | None = None) -> list[DataError]:
    """A publication date on the 1st of a month is accepted only when the title says that day: otherwise it
    is a month or a year padded into a date (give the month in the title and no date)."""
    errors = []
    sources_file = str((knowledge_dir or Path(str(resources.files("knowledge") / "data"))) / "sources.yaml")
    for key, source in kb.sources.items():
        if _padded(source.date, source.title):
            errors.append(DataError(sources_file, None, f"{key}.date", _PADDED.format(source.date)))
    for name, parameter in params.items():
        for dated in parameter.history:
            ref = dated.reference
            if _padded(ref.date, f"{ref.title} {ref.article or ''}"):
                errors.append(DataError(str((params_dir or shipped_dir()) / f"{name}.yaml"), None,
                                        f"values.{dated.start}.reference.date", _PADDED.format(ref.date)))
    return errors


_PADDED = "date {} : un 1er du mois que le titre ne donne pas ressemble à un mois complété ; mettez le mois dans le titre et retirez la date"


def _padded(date: dt.date | None, title: str) -> bool:
    return date is not None and date.day == 1 and day(date) not in title.replace("\u00a0", " ")


# ---------------------------------------------------------------------- no fact typed in code
FACT = re.compile(r"\d[\d\u00a0 ]*(?:[.,]\d+)?\s?(?:€|%|euros?\b)"
                  r"|\b(?:1er|\d{1,2}) (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre"
                  r"|novembre|décembre) (?:19|20)\d\d\b|\((?:19|20)\d\d\)")
EXAMPLE = re.compile(r"par exemple « [^»]*$")  # inside « … » right after « par exemple »
PACKAGES = ("chatbot", "rules")


def typed_facts(roots: Iterable[Path] | None = None) -> list[DataError]:
    """Amounts, percentages and dates written in the Python of chatbot/ and rules/: facts live in the
    YAML data with a source, and the code formats them."""
    errors = []
    for root in roots or [Path(str(resources.files(p))) for p in PACKAGES]:
        for path in sorted(root.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                          if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                          and n.body and isinstance(n.body[0], ast.Expr)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                    for found in FACT.finditer(node.value):
                        if EXAMPLE.search(node.value[:found.start()]):
                            continue  # a sample of what the user may type, not a fact
                        errors.append(DataError(str(path), node.lineno, "",
                                                f"fait écrit dans le code : « {found.group(0).strip()} » "
                                                "(à mettre dans les données, avec sa source)"))
    return errors
