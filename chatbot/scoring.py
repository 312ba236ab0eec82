"""Scoring of a question file (../shared/eval/README.md): the same path as `amguide ask`, Rasa-style report."""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from chatbot.session import Session

_GROUP = re.compile(r"(?<=\d)[ .](?=\d{3}(?!\d))")


def norm(text: str) -> str:
    """The evaluation normaliser, exactly as the eval README gives it."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2019", "'")
    return _GROUP.sub("", text)


@dataclass
class Outcome:
    item: dict
    status: str
    intent: str | None
    passed: bool
    missing: list[str] = field(default_factory=list)


def check(item: dict, status: str, answer: str) -> tuple[bool, list[str]]:
    expect = item.get("expect", {})
    if expect.get("fallback"):
        return status == "fallback", ([] if status == "fallback" else ["fallback attendu"])
    if status != "answer":
        return False, [f"statut {status} au lieu de answer"]
    text, missing = norm(answer), []
    missing += [s for s in expect.get("all", []) if norm(s) not in text]
    missing += [" | ".join(group) for group in expect.get("any", []) if not any(norm(s) in text for s in group)]
    return not missing, missing


def evaluate_items(items: list[dict], on: Any = None) -> list[Outcome]:
    outcomes = []
    for item in items:
        reply = Session(on=on).handle(str(item.get("question", "")))
        passed, missing = check(item, reply.contract_status, reply.text)
        outcomes.append(Outcome(item, reply.contract_status, reply.intent, passed, missing))
    return outcomes


def report(outcomes: list[Outcome]) -> dict:
    topics: dict[str, list[bool]] = defaultdict(list)
    for o in outcomes:
        topics[o.item.get("topic", "?")].append(o.passed)
    out_of_scope = [o for o in outcomes if o.item.get("expect", {}).get("fallback")]
    in_scope = [o for o in outcomes if not o.item.get("expect", {}).get("fallback")]
    declined = [o for o in outcomes if o.status == "fallback"]
    right_declines = [o for o in declined if o.item.get("expect", {}).get("fallback")]
    return {
        "total": len(outcomes),
        "passed": sum(o.passed for o in outcomes),
        "pass_rate": _rate(sum(o.passed for o in outcomes), len(outcomes)),
        "in_scope_pass_rate": _rate(sum(o.passed for o in in_scope), len(in_scope)),
        "in_scope_wrongly_declined": _rate(sum(o.status == "fallback" for o in in_scope), len(in_scope)),
        "fallback_precision": _rate(len(right_declines), len(declined)),
        "fallback_recall": _rate(len(right_declines), len(out_of_scope)),
        "topics": {t: {"passed": sum(v), "total": len(v), "rate": _rate(sum(v), len(v))} for t, v in sorted(topics.items())},
        "failures": [{"id": o.item.get("id"), "question": o.item.get("question"), "topic": o.item.get("topic"),
                      "expected": o.item.get("expect"), "status": o.status, "intent": o.intent, "missing": o.missing}
                     for o in outcomes if not o.passed],
    }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
