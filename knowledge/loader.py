"""Load the knowledge base once, strictly: every problem is reported as file:line: field — message."""

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from common.built import kept
from common.schema import adapter
from common.text import fold, number
from common.yamlio import DataError, DataErrors, load_file, locate, validation_errors
from knowledge.models import (Entry, EveningFile, InternationalFile, Lexicon, Source, Survey, ThemeFile)

SPECIAL = {"sources.yaml": dict[str, Source], "lexicon.yaml": Lexicon, "survey.yaml": Survey,
           "international.yaml": InternationalFile, "training_evening.yaml": EveningFile}


@dataclass
class KnowledgeBase:
    entries: list[Entry] = field(default_factory=list)
    themes: dict[str, list[Entry]] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    lexicon: Lexicon | None = None
    survey: Survey | None = None
    international: InternationalFile | None = None
    evening: EveningFile | None = None
    where: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    @property
    def by_id(self) -> dict[str, Entry]:
        """The entries by id, built once for this list of entries (a turn asks for it several times)."""
        built = self.__dict__.get("_by_id")
        if built is None or built[0] is not self.entries or len(built[1]) != len(self.entries):
            built = self.__dict__["_by_id"] = (self.entries, {e.id: e for e in self.entries})
        return built[1]

    def theme_of(self, entry_id: str) -> str:
        return next(theme for theme, items in self.themes.items() if any(e.id == entry_id for e in items))


class KnowledgeErrors(DataErrors):
    """Problems in the knowledge base files."""


def shipped_dir() -> Path:
    return Path(str(resources.files("knowledge") / "data"))


def _validate(model: Any, data: Any, path: Path) -> Any:
    from pydantic import ValidationError

    try:
        return adapter(model).validate_python(data)
    except ValidationError as exc:
        raise KnowledgeErrors(validation_errors(exc, data, str(path))) from None


def read_dir(directory: Path, paths: list[Path] | None = None) -> tuple[KnowledgeBase, list[DataError]]:
    """Every file of `directory` (or just `paths`, for a partial check), validated one by one, then
    cross-checked; never raises. Only a complete directory is checked for missing files."""
    kb, errors = KnowledgeBase(), []
    for path in sorted(paths if paths is not None else directory.glob("*.yaml")):
        try:
            data = load_file(path)
            parsed = _validate(SPECIAL.get(path.name, ThemeFile), data, path)
        except DataError as exc:
            errors.append(exc)
            continue
        except KnowledgeErrors as exc:
            errors.extend(exc.errors)
            continue
        if path.name == "sources.yaml":
            kb.sources = parsed
        elif path.name == "lexicon.yaml":
            kb.lexicon = parsed
        elif path.name == "survey.yaml":
            kb.survey = parsed
        else:
            if isinstance(parsed, InternationalFile):
                kb.international = parsed
            if isinstance(parsed, EveningFile):
                kb.evening = parsed
            kb.themes.setdefault(parsed.theme, []).extend(parsed.entries)
            kb.entries.extend(parsed.entries)
            for index, entry in enumerate(parsed.entries):
                kb.where[entry.id] = (str(path), locate(data, ("entries", index))[0])
    errors.extend(cross_check(kb, directory, complete=paths is None))
    return kb, errors


def cross_check(kb: KnowledgeBase, directory: Path, complete: bool = True) -> list[DataError]:
    """What one file alone cannot say: ids unique and known, sources known, no example twice."""
    errors: list[DataError] = []

    def error(entry_id: str, field_name: str, message: str) -> None:
        file, line = kb.where.get(entry_id, (str(directory), None))
        errors.append(DataError(file, line, f"{entry_id}.{field_name}", message))

    seen: set[str] = set()
    examples: dict[str, str] = {}
    ids = {e.id for e in kb.entries}
    for entry in kb.entries:
        if entry.id in seen:
            error(entry.id, "id", "identifiant en double")
        seen.add(entry.id)
        for source in entry.sources:
            if kb.sources and source not in kb.sources:
                error(entry.id, "sources", f"source inconnue : {source}")
        for related in entry.related:
            if complete and related not in ids:
                error(entry.id, "related", f"fiche liée inconnue : {related}")
        for example in entry.examples:
            key = " ".join(fold(example).split())
            if key in examples and examples[key] != entry.id:
                error(entry.id, "examples", f"exemple déjà utilisé par {examples[key]} : « {example} »")
            examples.setdefault(key, entry.id)
        if entry.valid_from and entry.valid_until and entry.valid_until < entry.valid_from:
            error(entry.id, "valid_until", "antérieure à valid_from")
    errors.extend(_check_data(kb, directory, ids, complete))
    return errors


def _check_data(kb: KnowledgeBase, directory: Path, ids: set[str], complete: bool) -> list[DataError]:
    errors = []
    if kb.survey:
        tasks = {row.task for row in kb.survey.rows}
        path = str(directory / "survey.yaml")
        for name in (*kb.survey.indispensables, *kb.survey.accessoires):
            if name not in tasks:
                errors.append(DataError(path, None, "indispensables/accessoires", f"tâche absente du tableau : {name}"))
        for row in kb.survey.rows:
            total = row.indispensable.pct + row.utile.pct + row.accessoire.pct
            count = row.indispensable.n + row.utile.n + row.accessoire.n
            if abs(total - 100) > 0.6 or count != kb.survey.respondents:
                errors.append(DataError(path, None, "rows", f"ligne incohérente ({number(total, 1)} %, {count} réponses) : {row.task}"))
    if kb.evening:
        path = str(directory / "training_evening.yaml")
        for index, question in enumerate(kb.evening.quiz):
            if not 0 <= question.answer < len(question.choices):
                errors.append(DataError(path, None, f"quiz.{index}.answer", "réponse hors des choix"))
            for source in question.sources:
                if kb.sources and source not in kb.sources:
                    errors.append(DataError(path, None, f"quiz.{index}.sources", f"source inconnue : {source}"))
        for step in kb.evening.programme:
            for topic in step.topics:
                if complete and topic not in ids:
                    errors.append(DataError(path, None, "programme.topics", f"fiche inconnue : {topic}"))
    if kb.lexicon:
        path = str(directory / "lexicon.yaml")
        for definition in kb.lexicon.definitions:
            for source in definition.sources:
                if kb.sources and source not in kb.sources:
                    errors.append(DataError(path, None, f"definitions.{definition.id}.sources", f"source inconnue : {source}"))
            if complete and definition.see and definition.see not in ids:
                errors.append(DataError(path, None, f"definitions.{definition.id}.see", f"fiche inconnue : {definition.see}"))
    for name, value in (("sources.yaml", kb.sources), ("lexicon.yaml", kb.lexicon), ("survey.yaml", kb.survey)):
        if complete and not value:
            errors.append(DataError(str(directory / name), None, "", "fichier absent ou vide"))
    return errors


@kept("knowledge")
def shipped() -> KnowledgeBase:
    """The shipped knowledge base, loaded and validated once per process."""
    kb, errors = read_dir(shipped_dir())
    if errors:
        raise KnowledgeErrors(errors)
    return kb
