"""PyYAML's side of common/yamlio.py: the strict loader (duplicate keys refused, aliases and nesting
bounded, the line of every key kept), imported only when a file is parsed: a command answered from
the built-data cache never imports PyYAML."""

from __future__ import annotations

from typing import Any

import yaml

from common.text import number
from common.yamlio import DataError, LineDict

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
                None, None, f"trop de valeurs une fois les alias (*) développés (plus de {number(MAX_NODES)})",
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


def parse(text: str, name: str) -> Any:
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
