"""`amguide simulate`: one profile through the rules core, as French text or as the contract's JSON."""

import argparse
import datetime as dt

from common.yamlio import DataError, load_file
from rules import ProfileError, evaluate, parse_profile
from rules import business_summary
from rules.business import business_case, chosen_option
from rules.summary import explain, to_markdown
from tui.output import fail, print_json, print_markdown

PROFILE_MAX_BYTES = 1 << 20   # a profile is a few hundred bytes


def read_profile(args: argparse.Namespace) -> dict:
    data: dict = {}
    if args.profile:
        try:
            loaded = load_file(args.profile, max_bytes=PROFILE_MAX_BYTES)
        except DataError as exc:
            fail(f"profil illisible — {exc}")
        if loaded is not None and not isinstance(loaded, dict):
            fail(f"{args.profile} : le profil doit être un dictionnaire clé: valeur")
        data.update(loaded or {})
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"--set « {item} » : forme attendue CLÉ=VALEUR (par exemple --set sector=1)")
        data[key.strip()] = value.strip()
    return data


def run(args: argparse.Namespace) -> int:
    on = args.date or dt.date.today()
    try:
        profile = parse_profile(read_profile(args))
    except ProfileError as exc:
        fail("profil invalide :\n  " + "\n  ".join(exc.messages))
    result = evaluate(profile, on=on)
    case = business_case(profile, on, result)
    if args.json:
        print_json({**result.to_dict(), "business_case": case.to_dict() if case else None})
        return 0
    text = to_markdown(result)
    if case:
        text += "\n\n" + business_summary.to_markdown(case)
    elif chosen_option(profile, result):
        text += (f"\n\n### {business_summary.TITLE}\n\n{business_summary.NO_SALARY} "
                 "(en ligne de commande : --set salary_gross_month=1900)")
    if args.explain:
        text += "\n\n### Pourquoi ces chiffres ?\n\n" + explain(result)
        if case:
            text += "\n" + business_summary.explain(case)
    print_markdown(text)
    return 0
