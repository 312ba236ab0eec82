"""« Et maintenant, j'embauche ? »: the volunteer's fields as typed in the room, each value given to the field it
is meant for, and the result led by the money — the chosen option's aid, what the assistant costs and the
balance — as the README promises. Pure (no widgets): the screen, the tests and a script read it alike."""

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from chatbot.entities import extract
from chatbot.form import read_answer
from chatbot.normalize import normalize
from rules import ProfileError, business_summary, evaluate, parse_profile
from rules.business import business_case
from rules.profile import LABELS
from rules.summary import CONDITIONAL, to_markdown


def label(name: str) -> str:
    text = LABELS.get(name, name)
    return text[:1].upper() + text[1:]


@dataclass
class Reading:
    """What the room typed, read: values per profile field, what moved to another field, what is not understood."""
    values: dict[str, Any] = field(default_factory=dict)
    moved: list[str] = field(default_factory=list)       # French: « mi-temps » under « zone » read as the option
    problems: list[str] = field(default_factory=list)    # French: one per field whose text is not understood


def read_fields(typed: dict[str, str], expected: dict[str, str]) -> Reading:
    """Each field read in the room's words, as the chat reads them (« mi temps », « P70 », « non conventionné »).
    A text that names another field's value and not its own (« mi-temps » typed under the percentile) goes to
    that field unless the room typed a value of its own there; a text no field understands is named with what its field expects
    (`expected`: field → its placeholder). The other fields still give a result."""
    reading, own, elsewhere = Reading(), {}, {}
    for name, raw in typed.items():
        raw = raw.strip()
        if not raw:
            continue
        norm = normalize(raw)
        found = extract(norm)
        others = {k: v for k, v in found.items() if k in typed and k != name}
        if name in found or not others:
            value = read_answer(name, raw, norm, found)   # as the chat's form reads the answer to its question
            own[name] = (raw if value is None else value, raw)
        for other, value in others.items():
            elsewhere.setdefault(other, (value, raw, None if name in found else name))
    for name, (value, raw, came_from) in elsewhere.items():
        if name not in own:   # empty, or its own text was not its value either
            own[name] = (value, raw)
            if came_from:
                reading.moved.append(f"« {raw} » tapé sous « {LABELS.get(came_from, came_from)} » : lu comme "
                                     f"« {LABELS.get(name, name)} ».")
    for name, (value, raw) in own.items():
        try:
            parse_profile({name: value})
        except ProfileError:
            reading.problems.append(f"**{label(name)}** : « {raw} » ne convient pas ici ; attendu : "
                                    f"{expected.get(name, LABELS.get(name, name))}.")
            continue
        reading.values[name] = value
    return reading


def hire_markdown(typed: dict[str, str], expected: dict[str, str], on: dt.date, texts: dict[str, str]) -> str:
    """The volunteer's result: verdict, then — once an option is chosen — its aid, cost, remainder and balance
    (« Coût et équilibre »), then the criteria and the commitment; only the chosen option's figures."""
    reading = read_fields(typed, expected)
    if not reading.values and not reading.problems:
        return texts["hire_hint"]
    notes = []
    if reading.problems:
        notes.append("**À corriger :**\n\n" + "\n".join(f"- {p}" for p in reading.problems))
    if reading.moved:
        notes.append("\n".join(f"- {m}" for m in reading.moved))
    try:
        profile = parse_profile(reading.values)
    except ProfileError as exc:   # fields valid alone but not together
        return "\n\n".join([*notes, "**À corriger :**\n\n" + "\n".join(f"- {m}" for m in exc.messages)])
    result = evaluate(profile, on=on)
    chosen = result.option(profile.option) if profile.option else None
    case = business_case(profile, on, result)
    if chosen is not None and chosen.available:
        # The chosen option only; with the business case, its aid is the table's « Aide » column.
        result = dataclasses.replace(result, options=() if case else (chosen,))
    verdict, _, rest = to_markdown(result).partition("\n\n")
    parts = [*notes, verdict]
    if case:
        if result.eligible in CONDITIONAL:
            parts.append(f"_{CONDITIONAL[result.eligible]}_")
        parts.append(business_summary.to_markdown(case))
    elif result.eligible != "no" and not profile.option:
        parts.append(texts["hire_option"])
    return "\n\n".join([*parts, rest, texts["simulator"]])
