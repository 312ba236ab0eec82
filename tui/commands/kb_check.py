"""`amguide kb check [DIR]`: validate the rules parameters and the knowledge base, file:line per problem."""

import argparse
from pathlib import Path

from common.yamlio import DataError
from rules.check import check_file, check_parameters
from rules.params import shipped_dir
from rules.specialties import path as specialties_path


def shipped_errors() -> list[DataError]:
    return check_parameters(shipped_dir()) + check_file(specialties_path())


def directory_errors(directory: Path) -> list[DataError]:
    if not directory.is_dir():
        return [DataError(str(directory), None, "", "dossier introuvable")]
    errors: list[DataError] = []
    for path in sorted(directory.rglob("*.yaml")):
        errors.extend(check_file(path))
    return errors


def run(args: argparse.Namespace) -> int:
    errors = directory_errors(args.directory) if args.directory else shipped_errors()
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} problème(s) trouvé(s).")
        return 1
    print("Base de connaissances et paramètres : aucun problème.")
    return 0
