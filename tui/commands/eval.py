"""`amguide eval FILE`: pass rate overall and per topic, fallback precision and recall, every failure."""

import argparse

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from common.text import NBSP, number, printable
from common.yamlio import DataError, DataErrors, load_file, validation_errors
from chatbot.scoring import evaluate_items, report
from tui.output import fail, print_json

MAX_QUESTION = 5000   # characters; a question file is typed by people


class Expect(BaseModel):
    """What the answer must hold (the eval README): every `all` string, one of each `any` group, or a decline."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    fallback: bool = False
    all: list[str] = []
    any: list[list[str]] = []


class Item(BaseModel):
    """One question of a question file. Fields beyond the README's are ignored (a lot may carry notes)."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True)
    id: str
    question: str = Field(min_length=1, max_length=MAX_QUESTION)
    topic: str = "?"
    expect: Expect = Expect()


def read_items(path) -> list[dict]:
    """The items of a question file, validated; every problem raises DataErrors (file:line: field — message)."""
    data = load_file(path)
    if not isinstance(data, list):
        raise DataErrors([DataError(str(path), getattr(data, "line", None), "", "une liste de questions est attendue")])
    try:
        items = TypeAdapter(list[Item]).validate_python(data)
    except ValidationError as exc:
        raise DataErrors(validation_errors(exc, data, str(path))) from None
    return [item.model_dump() for item in items]


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{number(rate * 100, 1)}{NBSP}%"   # « 96,6 % »


def run(args: argparse.Namespace) -> int:
    try:
        items = read_items(args.file)
    except (DataError, DataErrors) as exc:
        fail(f"fichier d'évaluation invalide :\n{printable(str(exc), keep_newlines=True)}")
    summary = report(evaluate_items(items, on=args.date))
    if args.json:
        print_json(summary)
        return 0
    print("Échecs :" if summary["failures"] else "Aucun échec.")
    for f in summary["failures"]:
        print(printable(f"- [{f['topic']}] {f['id']} : « {f['question']} »"))
        print(printable(f"    attendu : {f['expected']} ; obtenu : {f['status']} ({f['intent']}) ; manque : {f['missing']}"))
    print("\nPar thème :")
    for topic, t in summary["topics"].items():
        print(f"  {printable(topic):22} {t['passed']:>3} / {t['total']:<3} {_pct(t['rate'])}")
    print(f"\nDans le périmètre : {_pct(summary['in_scope_pass_rate'])} justes, "
          f"{_pct(summary['in_scope_wrongly_declined'])} refusées à tort")
    print(f"Refus : précision {_pct(summary['fallback_precision'])}, rappel {_pct(summary['fallback_recall'])}")
    print(f"Total : {summary['passed']} / {summary['total']} réussies ({_pct(summary['pass_rate'])})")
    return 0
