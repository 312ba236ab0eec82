"""Strict YAML reading: duplicate keys are errors, and every error names its file and line.

The one reader of every YAML file, shipped or the user's (profile, question file, `kb check DIR`):
a regular file of bounded size, UTF-8, safe tags only, aliases and nesting bounded before anything
is built (a 600-byte « billion laughs » file would otherwise become gigabytes), and every problem —
PyYAML's errors and the plain ValueErrors of its constructors (`2019-02-30`, `!!int abc`) — turned
into « file:line: message » in French."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common.text import number


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


MAX_BYTES = 2 << 20       # a data file; a profile is a few hundred bytes (see load_file's max_bytes)


class LineDict(dict):
    """A dict that remembers the line of each key, so validation errors can point at it."""

    def __init__(self, data: dict, lines: dict, line: int) -> None:
        super().__init__(data)
        self.key_lines = lines
        self.line = line


def load_text(text: str, name: str) -> Any:
    """Parse YAML `text` strictly; raise DataError naming `name` and the line on any problem."""
    from common.yamlparse import parse

    return parse(text, name)


def load_file(path: Path, max_bytes: int = MAX_BYTES) -> Any:
    """Read (see common.userfiles.read_text: a regular UTF-8 file of at most `max_bytes`) and strictly
    parse one YAML file (see load_text)."""
    from common.userfiles import UnreadableFile, read_text

    try:
        text = read_text(path, max_bytes)
    except UnreadableFile as exc:
        raise DataError(str(path), None, "", str(exc)) from None
    return load_text(text, str(path))


def load_model(path: Path, model: Any) -> Any:
    """Read one YAML file into a model (common.schema.Strict); any problem raises DataErrors naming file and
    line. A file shipped with the engine is read once into the built-data cache (common/built.py): a
    command answered from that cache then imports neither PyYAML nor pydantic."""
    from common import built

    if built.shipped(path):
        return built.cached(f"file-{path.stem}", built.engine_fingerprint(), lambda: _validated(path, model), model)
    return _validated(path, model)


def _validated(path: Path, model: Any) -> Any:
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
    "extra_forbidden": "champ inconnu", "unexpected_keyword_argument": "champ inconnu",
    "missing": "champ obligatoire absent", "missing_keyword_only_argument": "champ obligatoire absent",
    "string_type": "texte attendu", "int_type": "nombre entier attendu", "int_parsing": "nombre entier attendu",
    "int_from_float": "nombre entier attendu", "float_type": "nombre attendu", "float_parsing": "nombre attendu",
    "bool_type": "oui ou non attendu", "bool_parsing": "oui ou non attendu", "list_type": "liste attendue",
    "tuple_type": "liste attendue", "dict_type": "dictionnaire attendu", "model_type": "dictionnaire attendu",
    "dataclass_type": "dictionnaire attendu", "dataclass_args_type": "dictionnaire attendu",
    "date_type": "date AAAA-MM-JJ attendue", "date_parsing": "date AAAA-MM-JJ attendue",
    "date_from_datetime_parsing": "date AAAA-MM-JJ attendue", "too_short": "liste trop courte",
}


def _bound(value: Any) -> str:
    """A limit in French (« 100 », « 0,5 »), whatever pydantic holds it as (100.0, Decimal, a date…)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value, 0 if float(value).is_integer() else 2)
    return str(value)


def french_message(err: dict) -> str:
    """A pydantic error (one item of ValidationError.errors()) in French."""
    kind, ctx = err["type"], err.get("ctx", {})
    if kind in ("greater_than_equal", "greater_than"):
        return f"doit être {'≥' if kind.endswith('equal') else '>'} {_bound(ctx.get('ge', ctx.get('gt')))}"
    if kind in ("less_than_equal", "less_than"):
        return f"doit être {'≤' if kind.endswith('equal') else '<'} {_bound(ctx.get('le', ctx.get('lt')))}"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", " ou ")
        return f"valeur non autorisée (valeurs possibles : {expected})"
    return _MESSAGES.get(kind, err["msg"])
