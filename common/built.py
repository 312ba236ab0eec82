"""Built data kept between runs, so that a one-shot command (`amguide ask`) starts fast.

Loading the knowledge base and the parameters from YAML and building the matcher's index takes
~0.1 s. The built values are stored in the user's cache directory in a format that cannot run code:
a JSON tree (engine classes named by their module and name, rebuilt from their fields, never by
calling anything a file names) followed by raw little-endian arrays (the embedding vectors), read
back as memoryviews over the file's bytes (numpy, ~0,1 s to import, is not needed to read them). A cache file is named by a fingerprint of every source and data file of
the engine, so any edit rebuilds it. It is read only from a directory of the current user that
nobody else can write to, only if it is a regular file of that user (0600) no bigger than MAX_BYTES,
and only if it holds the format, name, fingerprint and type expected: otherwise the value is rebuilt.
A file that cannot be written is skipped: the cache never changes an answer and never causes an error.

Sentence vectors are kept apart, keyed by their text and the model that computed them rather than
by the engine's fingerprint (an edit of one phrasing then embeds that phrasing only): one line per
text, in a file shipped with the package and in one of the user's cache (`encode_vectors`).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import importlib.util
import json
import os
import struct
import sys
import typing
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

try:   # hashlib's own blake2b, without hashlib loading OpenSSL's library (~5 ms of every start here)
    from _blake2 import blake2b
except ImportError:   # an interpreter without the module
    from hashlib import blake2b

from common.userfiles import UnreadableFile, cache_dir, is_private_dir, make_private_dir, read_bytes, write_atomic

ENGINE_PACKAGES = ("common", "knowledge", "rules", "chatbot")
KEEP = 3   # newest files kept per name: two installs sharing a cache directory do not evict each other
FORMAT = 1
MAGIC = b"AMGUIDE-BUILT\n"
SUFFIX = ".built"
MAX_BYTES = 64 << 20   # the built data are ~0.4 MB; a bigger file is not ours
ARRAY_TYPES = {"f": "<f4", "d": "<f8", "i": "<i4", "q": "<i8"}   # a memoryview's format → how it is stored
T = TypeVar("T")


class CacheError(ValueError):
    """A cache file that is not what this version of amguide wrote: it is rebuilt."""


def fingerprint(roots: list[Path]) -> str:
    """A digest of the Python and pydantic versions and of every .py and .yaml file under `roots`."""
    digest = blake2b(f"{FORMAT} {sys.version}".encode(), digest_size=12)
    digest.update(_pydantic_version())
    for root in roots:
        files = []
        for folder, subfolders, names in os.walk(root):   # plain strings, not Path objects: ~2 ms less a start
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            files += [os.path.join(folder, n) for n in names if n.endswith((".py", ".yaml"))]
        for path in sorted(files):
            digest.update(os.path.relpath(path, root).encode())
            with open(path, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()


def _pydantic_version() -> bytes:
    """pydantic's version file, read rather than imported (importing pydantic costs ~0.1 s): the built
    data are what pydantic validated."""
    spec = importlib.util.find_spec("pydantic")
    origin = Path(spec.origin).with_name("version.py") if spec and spec.origin else None
    return origin.read_bytes() if origin and origin.is_file() else b""


@functools.cache
def engine_roots() -> tuple[Path, ...]:
    return tuple(Path(str(resources.files(package))) for package in ENGINE_PACKAGES)


@functools.cache
def engine_fingerprint() -> str:
    return fingerprint(list(engine_roots()))


def shipped(path: Path) -> bool:
    """Whether `path` is one of the engine's own files (covered by its fingerprint)."""
    return any(path.resolve().is_relative_to(root.resolve()) for root in engine_roots())


def kept(name: str) -> Callable[[Callable[[], T]], Callable[[], T]]:
    """Decorate a builder without arguments: its value is memoised in the process and kept on disk.
    The builder's return annotation is the type a loaded value must have."""

    def decorate(build: Callable[[], T]) -> Callable[[], T]:
        @functools.cache
        @functools.wraps(build)
        def load() -> T:
            return cached(name, engine_fingerprint(), build, _expected_type(build))

        return load

    return decorate


def cached(name: str, key: str, build: Callable[[], T], expected: type | None = None) -> T:
    """The value kept on disk under `name` for `key` (a hex digest of what it depends on), else `build()`'s, then kept."""
    value = read_kept(name, key, expected)
    if value is None:
        value = build()
        keep(name, key, value)
    return value


def read_kept(name: str, key: str, expected: type | None = None) -> Any:
    """The value kept on disk under `name` for `key`, if there is one of the `expected` type; else None."""
    directory = cache_dir()
    if _usable(directory):
        try:
            value = decode(read_bytes(directory / f"{name}-{key}{SUFFIX}", MAX_BYTES, private=True), name, key)
            if expected is None or isinstance(value, expected):
                return value
        except (UnreadableFile, CacheError):   # absent, foreign, truncated, of another version: build it again
            pass
    return None


def keep(name: str, key: str, value: Any) -> None:
    """Keep `value` on disk under `name` for `key`, whole or not at all (never an error: the cache is an aid)."""
    directory = cache_dir()
    if _usable(directory):
        try:
            write_atomic(directory / f"{name}-{key}{SUFFIX}", encode(value, name, key))
            _prune(directory, name)
        except (OSError, CacheError):  # a full disk, a read-only home, a value we cannot store
            pass


def _expected_type(build: Callable) -> type | None:
    try:
        hint = typing.get_type_hints(build).get("return")
    except Exception:  # noqa: BLE001 - an annotation we cannot resolve: no type check
        return None
    hint = typing.get_origin(hint) or hint
    return hint if isinstance(hint, type) else None


@functools.cache
def _usable(directory: Path) -> bool:
    """Create the cache directory (0700) if needed; refuse one that another user could write to, once."""
    try:
        make_private_dir(directory)
    except OSError:
        return False
    if is_private_dir(directory):
        return True
    if directory.is_dir():
        print(f"amguide : le dossier de cache {directory} n'est pas réservé à votre compte (propriétaire ou "
              "droits) ; il est ignoré et les données sont reconstruites en mémoire.", file=sys.stderr)
    return False


def _prune(directory: Path, name: str) -> None:
    """Remove all but the KEEP newest cache files of `name`, and any pickle of older versions."""
    for old in directory.glob(f"{name}-*.pickle"):
        old.unlink(missing_ok=True)
    files = sorted(directory.glob(f"{name}-*{SUFFIX}"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)


# ------------------------------------------------------------------------------------------ the format
def encode(value: Any, name: str, fingerprint: str) -> bytes:
    """MAGIC, then two JSON documents each after its length (8 bytes, little-endian) — the header
    (format, name, fingerprint, arrays' layout) and the value — then the arrays' raw bytes."""
    arrays: list[bytes] = []
    layout: list[dict] = []
    tree = _to_tree(value, arrays, layout)
    header = {"format": FORMAT, "name": name, "fingerprint": fingerprint, "arrays": layout}
    parts = [json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8") for part in (header, tree)]
    return b"".join([MAGIC, *(struct.pack("<Q", len(part)) + part for part in parts), *arrays])


def decode(data: bytes, name: str, fingerprint: str) -> Any:
    """The value `encode` stored, if `data` is a whole file of this format, name and fingerprint."""
    if not data.startswith(MAGIC):
        raise CacheError("format inconnu")
    view, offset, parts = memoryview(data), len(MAGIC), []
    for _ in range(2):
        size = struct.unpack_from("<Q", data, offset)[0] if offset + 8 <= len(data) else len(data)
        offset += 8
        if offset + size > len(data):
            raise CacheError("fichier tronqué")
        parts.append(view[offset:offset + size])
        offset += size
    header = _json(parts[0])
    if not isinstance(header, dict) or (header.get("format"), header.get("name"), header.get("fingerprint")) != (
            FORMAT, name, fingerprint):
        raise CacheError("autre version")
    arrays = _arrays(header.get("arrays"), view[offset:])
    return _json(parts[1], functools.partial(_from_tree, arrays))


def _json(raw: memoryview, hook: Callable | None = None) -> Any:
    try:
        return json.loads(bytes(raw), object_hook=hook)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        raise CacheError(f"contenu invalide ({exc})") from None


def _arrays(layout: Any, blob: memoryview) -> list[Any]:
    """The arrays after the value, as read-only memoryviews over the file's bytes (no copy, no pickle;
    `numpy.asarray` makes arrays of them without a copy)."""
    formats = {dtype: fmt for fmt, dtype in ARRAY_TYPES.items()}
    arrays = []
    try:
        for item in layout or ():
            dtype, shape, start, size = item["dtype"], list(item["shape"]), item["offset"], item["size"]
            if dtype not in formats or start < 0 or start + size > len(blob) or sys.byteorder != "little":
                raise CacheError("tableau invalide")
            arrays.append(blob[start:start + size].toreadonly().cast("B").cast(formats[dtype], shape))
    except (KeyError, TypeError, ValueError) as exc:
        raise CacheError(f"tableau invalide ({exc})") from None
    return arrays


def _to_tree(value: Any, arrays: list[bytes], layout: list[dict]) -> Any:
    """A JSON-ready tree: JSON's own types as they are, everything else as a one-key {"$tag": …} object.
    Types are matched exactly: a subclass (an enum, a Counter) is refused rather than stored as its base."""
    recurse = functools.partial(_to_tree, arrays=arrays, layout=layout)
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [recurse(v) for v in value]
    if kind is dict:
        if all(type(k) is str and not k.startswith("$") for k in value):
            return {k: recurse(v) for k, v in value.items()}
        return {"$d": [[recurse(k), recurse(v)] for k, v in value.items()]}
    if kind is tuple:
        return {"$t": [recurse(v) for v in value]}
    if kind in (set, frozenset):
        return {"$s" if kind is set else "$f": [recurse(v) for v in value]}
    if kind is dt.date:
        return {"$date": value.isoformat()}
    if kind is memoryview:
        if value.format not in ARRAY_TYPES or not value.c_contiguous or sys.byteorder != "little":
            raise CacheError(f"tableau de type {value.format} non pris en charge")
        raw = value.tobytes()
        layout.append({"dtype": ARRAY_TYPES[value.format], "shape": list(value.shape), "offset": sum(map(len, arrays)),
                       "size": len(raw)})
        arrays.append(raw)
        return {"$a": len(arrays) - 1}
    if not _is_engine(kind) or hasattr(kind, "__pydantic_fields__"):   # a pydantic model: not rebuilt from its fields
        raise CacheError(f"type non pris en charge : {kind.__module__}.{kind.__qualname__}")
    if dataclasses.is_dataclass(value):
        state = {"fields": {f.name: recurse(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    else:
        state = {"dict": {k: recurse(v) for k, v in vars(value).items()}}
    return {"$o": [f"{kind.__module__}:{kind.__qualname__}", state]}


def _is_engine(cls: type) -> bool:
    return cls.__module__.split(".")[0] in ENGINE_PACKAGES and "<locals>" not in cls.__qualname__


def _from_tree(arrays: list[Any], node: dict) -> Any:
    """json's object_hook: a tagged object back to its value (bottom-up, so its parts are already built)."""
    if len(node) != 1:
        return node
    ((tag, payload),) = node.items()
    if not tag.startswith("$"):
        return node
    if tag == "$t":
        return tuple(payload)
    if tag == "$s":
        return set(payload)
    if tag == "$f":
        return frozenset(payload)
    if tag == "$d":
        return {k: v for k, v in payload}
    if tag == "$date":
        return dt.date.fromisoformat(payload)
    if tag == "$a":
        return arrays[payload]
    if tag == "$o":
        return _instance(*payload)
    raise CacheError(f"étiquette inconnue : {tag}")


def _instance(qualified: str, state: dict) -> Any:
    """An engine object rebuilt from its fields (nothing but a dataclass's own __init__ runs)."""
    cls, names, init = _resolve(qualified)
    if init is not None:
        fields = state["fields"]
        if fields.keys() != names:
            raise CacheError(f"champs différents : {qualified}")
        value = cls(**{name: fields[name] for name in init})
        for name in names - init:
            object.__setattr__(value, name, fields[name])
        return value
    fields = getattr(cls, "_fields", None)   # a record (common.schema.Strict): exactly its fields
    if not isinstance(state.get("dict"), dict) or isinstance(fields, dict) and state["dict"].keys() != fields.keys():
        raise CacheError(f"état invalide : {qualified}")
    value = cls.__new__(cls)
    value.__dict__.update(state["dict"])
    return value


@functools.cache
def _resolve(qualified: str) -> tuple[type, frozenset[str], frozenset[str] | None]:
    """The class a file names, its fields and its __init__ fields (dataclasses). It must be one that the
    running engine has already imported: a name in the file never imports a module."""
    module_name, _, qualname = qualified.partition(":")
    module = sys.modules.get(module_name) if module_name.split(".")[0] in ENGINE_PACKAGES else None
    cls: Any = module
    for part in qualname.split(".") if module is not None else ():
        cls = vars(cls).get(part) if isinstance(cls, type) or cls is module else None
    if not isinstance(cls, type) or cls.__module__ != module_name or not _is_engine(cls):
        raise CacheError(f"classe inconnue : {qualified}")
    if dataclasses.is_dataclass(cls):
        declared = dataclasses.fields(cls)
        return cls, frozenset(f.name for f in declared), frozenset(f.name for f in declared if f.init)
    return cls, frozenset(), None


# ------------------------------------------------------------------------ sentence vectors by text
VECTORS_HEADER = "# amguide: vecteurs des formulations, modèle "


def encode_vectors(vectors: dict[str, Any], model: str) -> bytes:
    """A first line naming the model, then one line per text in sorted order: the text, a tab, its
    float32 vector in base64. Text lines, so that git merges two branches' new phrasings line by line."""
    lines = [VECTORS_HEADER + model]
    for text in sorted(vectors):
        if not text or "\t" in text or "\n" in text or "\r" in text:
            raise CacheError(f"texte non stockable : {text!r}")
        raw = vectors[text].astype("<f4", copy=False).tobytes()
        lines.append(f"{text}\t{base64.b64encode(raw).decode('ascii')}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def decode_vectors(data: bytes, model: str, dim: int) -> dict[str, Any]:
    """The `dim`-wide vectors `encode_vectors` wrote ({} when they are another model's); CacheError if malformed."""
    import numpy

    try:
        head, *lines = data.decode("utf-8").split("\n")
        if not head.startswith(VECTORS_HEADER) or lines[-1:] != [""]:
            raise CacheError("format inconnu ou fichier tronqué")
        if head[len(VECTORS_HEADER):] != model:
            return {}
        texts, encoded = [], []
        for line in lines[:-1]:
            text, tab, vector = line.partition("\t")
            if not text or not tab or len(vector) != 4 * -(-4 * dim // 3):
                raise CacheError("ligne invalide")
            texts.append(text)
            encoded.append(vector)
        if len(set(texts)) != len(texts):
            raise CacheError("texte en double")
        raw = b"".join(base64.b64decode(vector, validate=True) for vector in encoded)
        matrix = numpy.frombuffer(raw, dtype="<f4")
        return dict(zip(texts, matrix.reshape(len(texts), dim)))
    except (UnicodeDecodeError, ValueError) as exc:   # binascii.Error is a ValueError
        raise CacheError(f"contenu invalide ({exc})") from None


def cached_vectors(name: str, model: str, dim: int) -> dict[str, Any]:
    """The vectors kept in the user's cache under `name` for `model` ({} if absent or unusable)."""
    directory = cache_dir()
    if not _usable(directory):
        return {}
    try:
        return decode_vectors(read_bytes(directory / name, MAX_BYTES, private=True), model, dim)
    except (UnreadableFile, CacheError):
        return {}


def keep_vectors(name: str, vectors: dict[str, Any], model: str) -> None:
    """Store `vectors` in the user's cache under `name` (skipped if the cache cannot be written)."""
    directory = cache_dir()
    if _usable(directory):
        try:
            write_atomic(directory / name, encode_vectors(vectors, model))
        except (OSError, CacheError):
            pass
