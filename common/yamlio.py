"""Strict YAML reading: duplicate keys are errors, and every error names its file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class DataError(Exception):
    """A problem in a data file, located for a human: « fichier:ligne: champ — message »."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field} — {self.message}" if self.field else f"{where}: {self.message}"


class DataErrors(Exception):
    """Every problem found in a set of data files, each located (file:line: field — message)."""

    def __init__(self, errors: list[DataError]) -> None:
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml parses, Python constructs
    """SafeLoader that refuses duplicate keys and records the line of every mapping key."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    mapping: dict = {}
    lines: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "clé non hachable", key_node.start_mark
            ) from None
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"clé en double : {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=deep)
        lines[key] = key_node.start_mark.line + 1
    return LineDict(mapping, lines, node.start_mark.line + 1)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class LineDict(dict):
    """A dict that remembers the line of each key, so validation errors can point at it."""

    def __init__(self, data: dict, lines: dict, line: int) -> None:
        super().__init__(data)
        self.key_lines = lines
        self.line = line


def load_text(text: str, name: str) -> Any:
    """Parse YAML `text` strictly; raise DataError naming `name` and the line on any problem."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - _StrictLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = exc.problem or str(exc)
        if exc.context and "clé" not in message:
            message = f"{exc.context} : {message}"
        raise DataError(name, line, "", f"YAML invalide ({message})") from None
    except yaml.YAMLError as exc:
        raise DataError(name, None, "", f"YAML invalide ({exc})") from None


def load_file(path: Path) -> Any:
    """Read and strictly parse one YAML file (see load_text)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(str(path), None, "", f"lecture impossible ({exc})") from None
    return load_text(text, str(path))


def load_model(path: Path, model: Any) -> Any:
    """Read one YAML file into a pydantic model; any problem raises DataErrors naming file and line."""
    from pydantic import ValidationError

    data = load_file(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataErrors(validation_errors(exc, data, str(path))) from None


def locate(data: Any, loc: tuple) -> tuple[int | None, str]:
    """The line of the deepest key of `loc` (a pydantic error location) in `data`, and the field path
    written with the file's own keys (pydantic writes non-string keys as their repr)."""
    line = getattr(data, "line", None)
    node, names = data, []
    for part in loc:
        if isinstance(node, LineDict):
            key = next((k for k in node if k == part or repr(k) == part or str(k) == part), None)
            if key is None:
                names.append(str(part))
                break
            line = node.key_lines.get(key, line)
            names.append(str(key))
            node = node[key]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            names.append(str(part))
            node = node[part]
            line = getattr(node, "line", line)
        else:
            names.append(str(part))
            node = None
    return line, ".".join(names)


def validation_errors(exc: Any, data: Any, name: str) -> list[DataError]:
    """Turn a pydantic ValidationError on `data` into located DataErrors, in French."""
    errors = []
    for err in exc.errors():
        line, field = locate(data, tuple(err["loc"]))
        errors.append(DataError(name, line, field, french_message(err)))
    return errors


_MESSAGES = {
    "extra_forbidden": "champ inconnu", "missing": "champ obligatoire absent",
    "string_type": "texte attendu", "int_type": "nombre entier attendu", "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu", "float_type": "nombre attendu", "float_parsing": "nombre attendu",
    "bool_type": "oui ou non attendu", "bool_parsing": "oui ou non attendu", "list_type": "liste attendue",
    "tuple_type": "liste attendue", "dict_type": "dictionnaire attendu", "model_type": "dictionnaire attendu",
    "date_type": "date AAAA-MM-JJ attendue", "date_parsing": "date AAAA-MM-JJ attendue",
    "date_from_datetime_parsing": "date AAAA-MM-JJ attendue", "too_short": "liste trop courte",
}


def french_message(err: dict) -> str:
    """A pydantic error (one item of ValidationError.errors()) in French."""
    kind, ctx = err["type"], err.get("ctx", {})
    if kind in ("greater_than_equal", "greater_than"):
        return f"doit être {'≥' if kind.endswith('equal') else '>'} {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"doit être {'≤' if kind.endswith('equal') else '<'} {ctx.get('le', ctx.get('lt'))}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", " ou ")
        return f"valeur non autorisée (valeurs possibles : {expected})"
    return _MESSAGES.get(kind, err["msg"])
