"""Regular expressions compiled by an earlier run, so that a command does not compile them again at each start.

Python compiles every pattern anew in each process, in Python (re._parser, re._compiler): `amguide ask` compiles
~120, ~30 ms of processor here, a fifth of its main thread. The compiler's product is a list of integers that the
C engine (_sre) checks before it runs it; it depends only on the pattern, its flags and the Python. After a run
that found none kept (and did not build the data), the patterns this command compiled are kept in the built-data
cache (per command, renewed with the engine's fingerprint), each checked to rebuild the very pattern `re.compile` made; the next runs put them
in `re`'s own cache before the engine's modules are imported, where their `re.compile` finds them. A pattern not
kept is compiled as usual; a Python whose `re` internals differ keeps nothing and compiles everything as usual."""

from __future__ import annotations

import atexit
import re
import sys
from typing import Any

from common import built

MAX_KEPT = 400   # re's own cache holds 512 patterns (Python 3.11–3.13)


def restore(command: str | None) -> None:
    """Put `command`'s kept patterns in `re`'s cache; if none are kept yet, keep this process's at its exit."""
    name = f"regexes-{command or 'none'}"
    try:
        import _sre

        key = built.engine_fingerprint()
        kept = built.read_kept(name, key, tuple)
        if kept is None:
            atexit.register(_keep, name, key)
            return
        patterns, codes = kept
        for pattern, flags, compiled_flags, start, end, groups, groupindex, indexgroup in patterns:
            re._cache.setdefault((str, pattern, flags), _sre.compile(
                pattern, compiled_flags, codes[start:end].tolist(), groups, groupindex, tuple(indexgroup)))
    except Exception:   # noqa: BLE001 - another Python's internals, a damaged entry: compiled as usual
        return


def _keep(name: str, key: str) -> None:
    if "pydantic" in sys.modules:   # this run built the data from YAML: its patterns (~300) are not the next runs'
        return                      # (~120), which keep their own
    try:
        built.keep(name, key, _compiled(list(re._cache)[:MAX_KEPT]))
    except Exception:   # noqa: BLE001 - as above: nothing kept
        pass


def _compiled(keys: list[Any]) -> tuple[list[list[Any]], memoryview]:
    """The compiler's product for each (str, pattern, flags) of `keys` that it rebuilds exactly, as
    `re._compiler.compile` hands it to `_sre.compile`; their codes end to end."""
    import _sre
    import array

    patterns: list[list[Any]] = []
    codes = array.array("q")
    for kind, pattern, flags in (k for k in keys if isinstance(k, tuple) and len(k) == 3):
        if kind is not str or flags & re.DEBUG:
            continue
        parsed = re._parser.parse(pattern, flags)
        code = re._compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for group, index in groupindex.items():
            indexgroup[index] = group
        compiled_flags, groups = flags | parsed.state.flags, parsed.state.groups - 1
        rebuilt = _sre.compile(pattern, compiled_flags, code, groups, groupindex, tuple(indexgroup))
        original = re._cache.get((kind, pattern, flags))
        if rebuilt != original or (rebuilt.groups, rebuilt.groupindex) != (original.groups, original.groupindex):
            continue
        patterns.append([pattern, flags, compiled_flags, len(codes), len(codes) + len(code), groups, groupindex,
                         indexgroup])
        codes.extend(code)
    return patterns, memoryview(codes)

