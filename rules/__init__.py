"""The rules core: dated parameters and pure functions that decide eligibility and compute the aid.

Its names are imported on first use (PEP 562): `from rules import specialties`, which the matcher needs for every
question, then imports neither the engine nor the result's dataclasses (~15 ms), which only a situation needs; and
`amguide ask` embeds a question while it imports them (see chatbot.semantic.Index.embed_ahead)."""

import importlib

_HOMES = {"evaluate": "rules.engine", "LABELS": "rules.profile", "Profile": "rules.profile",
          "ProfileError": "rules.profile", "parse_profile": "rules.profile", "Result": "rules.result"}
__all__ = sorted(_HOMES)


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'rules' has no attribute {name!r}")
    value = globals()[name] = getattr(importlib.import_module(_HOMES[name]), name)
    return value
