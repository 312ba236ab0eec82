"""`amguide kb check [DIR]`: validate the rules parameters and the knowledge base, file:line per problem."""

import argparse
import datetime as dt
from pathlib import Path

from common.text import printable
from common.yamlio import DataError
from rules.check import RULES_FILES, check_file, check_parameters
from rules.params import shipped_dir
from rules.specialties import path as specialties_path


def shipped_errors() -> list[DataError]:
    """Everything amguide ships: parameters, specialties, knowledge, every answer rendered, and where
    each fact comes from (cited sources, real dates, nothing typed in the code)."""
    from chatbot.provenance import check_provenance
    from chatbot.render import check_answers
    from knowledge import read_dir, shipped_dir as knowledge_dir
    from rules.params import load_dir

    errors = check_parameters(shipped_dir()) + check_file(specialties_path())
    kb, knowledge_errors = read_dir(knowledge_dir())
    errors += knowledge_errors
    if not errors:
        params = load_dir(shipped_dir())
        errors += check_answers(kb, params, dt.date.today())
        errors += check_provenance(kb, params, dt.date.today())
    return errors


def directory_errors(directory: Path) -> list[DataError]:
    """A directory of YAML files: rules files are known by their names, the others are knowledge files."""
    from knowledge import read_dir

    if not directory.is_dir():
        return [DataError(str(directory), None, "", "dossier introuvable")]
    files = sorted(directory.rglob("*.yaml"))
    if not files:
        return [DataError(str(directory), None, "", "aucun fichier .yaml dans ce dossier : rien à vérifier")]
    rules = [p for p in files if p.name in RULES_FILES]
    errors = [e for p in rules for e in check_file(p)]
    knowledge = [p for p in files if p not in rules]
    if knowledge:
        from chatbot.provenance import placeholder_dates

        kb, found = read_dir(directory, knowledge)
        errors += found + placeholder_dates(kb, {}, directory)
    return errors


def run(args: argparse.Namespace) -> int:
    errors = directory_errors(args.directory) if args.directory else shipped_errors()
    for error in errors:
        print(printable(str(error)))
    if errors:
        print(f"{len(errors)} problème(s) trouvé(s).")
        return 1
    print("Base de connaissances et paramètres : aucun problème.")
    return 0
