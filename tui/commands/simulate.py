"""`amguide simulate`: one profile through the rules core, as French text or as the contract's JSON."""

import argparse
import datetime as dt

from common.yamlio import DataError, load_file
from rules import ProfileError, evaluate, parse_profile
from rules.summary import explain, to_markdown
from tui.output import fail, print_json, print_markdown


def read_profile(args: argparse.Namespace) -> dict:
    data: dict = {}
    if args.profile:
        try:
            loaded = load_file(args.profile)
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
    if args.json:
        print_json(result.to_dict())
    else:
        print_markdown(to_markdown(result) + ("\n\n### Pourquoi ces chiffres ?\n\n" + explain(result) if args.explain else ""))
    return 0
