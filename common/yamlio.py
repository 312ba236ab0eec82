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

import yaml

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
MAX_NODES = 200_000       # scalars, lists and mappings once every alias is expanded
MAX_DEPTH = 64            # lists and mappings nested in one another

_KINDS = {"int": "un nombre entier", "float": "un nombre", "timestamp": "une date AAAA-MM-JJ valide",
          "bool": "oui ou non", "binary": "du base64", "null": "null"}


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml parses, Python constructs
    """SafeLoader that refuses duplicate keys, bounds aliases and nesting, and records the line of every
    mapping key."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _check_size(node)
        return self.construct_document(node)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, TypeError) as exc:   # PyYAML's constructors raise these unwrapped
            if isinstance(exc, yaml.YAMLError):
                raise
            kind = _KINDS.get(str(node.tag).rsplit(":", 1)[-1], "une valeur valide")
            value = str(node.value) if isinstance(node, yaml.ScalarNode) else "…"
            value = value if len(value) <= 40 else value[:40] + "…"
            raise yaml.constructor.ConstructorError(
                None, None, f"« {value} » n'est pas {kind}", node.start_mark) from None


def _check_size(root: yaml.Node) -> None:
    """Refuse, before building anything, a document too deep or too big once its aliases are expanded
    (aliases share one node: sizes are memoised per node, so the check is linear in the file)."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children = _children(node)
        if not done:
            if key in open_nodes:
                raise yaml.constructor.ConstructorError(None, None, "alias récursif (*) : une valeur se contient elle-même",
                                                        node.start_mark)
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
            continue
        open_nodes.discard(key)
        sizes[key] = 1 + sum(sizes[id(child)] for child in children)
        depths[key] = 1 + max((depths[id(child)] for child in children), default=0)
        if sizes[key] > MAX_NODES:
            raise yaml.constructor.ConstructorError(
                None, None, f"trop de valeurs une fois les alias (*) développés (plus de {MAX_NODES:,})".replace(",", " "),
                node.start_mark)
        if depths[key] > MAX_DEPTH:
            raise yaml.constructor.ConstructorError(
                None, None, f"listes ou dictionnaires imbriqués sur plus de {MAX_DEPTH} niveaux", node.start_mark)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


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
        raise DataError(name, line, "", f"YAML invalide ({_french_yaml(exc.problem or str(exc))})") from None
    except yaml.YAMLError as exc:
        raise DataError(name, None, "", f"YAML invalide ({_french_yaml(str(exc))})") from None
    except RecursionError:
        raise DataError(name, None, "", "YAML invalide (imbrication trop profonde)") from None


# PyYAML's and libyaml's messages, in French (by a telling fragment); others are said generically.
_YAML_MESSAGES = (
    ("clé", None), ("alias", None), ("imbriqués", None), ("n'est pas", None), ("trop de valeurs", None),
    ("nesting depth", "imbrication trop profonde"),
    ("mapping values are not allowed", "« : » inattendu (une valeur sans clé, ou un texte à mettre entre guillemets)"),
    ("could not find expected ':'", "« : » attendu après une clé"),
    ("did not find expected key", "clé attendue (indentation incohérente ?)"),
    ("did not find expected '-'", "« - » attendu (indentation incohérente ?)"),
    ("did not find expected ',' or ']'", "« , » ou « ] » attendu"),
    ("did not find expected ',' or '}'", "« , » ou « } » attendu"),
    ("did not find expected node content", "valeur attendue"),
    ("block sequence entries are not allowed", "« - » inattendu ici"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet ou crochet non fermé ?)"),
    ("found unexpected end", "fin de fichier inattendue"),
    ("cannot start any token", "caractère qui ne peut pas commencer une valeur (tabulation ? « @ » ou « ` » à mettre entre guillemets)"),
    ("found undefined alias", "alias (*) inconnu"),
    ("found undefined tag handle", "étiquette (!) inconnue"),
    ("could not determine a constructor", "étiquette (!) refusée"),
    ("found unknown escape character", "séquence d'échappement inconnue dans un texte entre guillemets"),
    ("control characters are not allowed", "caractère de contrôle interdit"),
    ("found duplicate anchor", "ancre (&) en double"),
    ("found character", "caractère inattendu"),
    ("found another document", "un seul document attendu (un « --- » de trop)"),
    ("expected <document start>", "début de document attendu"),
)


def _french_yaml(message: str) -> str:
    for fragment, french in _YAML_MESSAGES:
        if fragment in message:
            return french or message
    return "syntaxe incorrecte"


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
