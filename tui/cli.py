"""The `amguide` command: the chat UI by default, and the scriptable sub-commands of CONTRACT.md."""

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

USAGE_ERROR = 2


class FrenchParser(argparse.ArgumentParser):
    """argparse with French headings and a French error line (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "utilisation :", 1)

    def error(self, message: str) -> NoReturn:
        fail(f"{_french_argparse(message)}\n{self.format_usage().strip()}")


def _french_argparse(message: str) -> str:
    replacements = {
        "the following arguments are required": "arguments obligatoires manquants",
        "unrecognized arguments": "arguments non reconnus",
        "invalid choice": "choix invalide",
        "expected one argument": "une valeur est attendue",
        "argument ": "argument ",
        "choose from": "choisir parmi",
    }
    for english, french in replacements.items():
        message = message.replace(english, french)
    return message


def fail(message: str) -> NoReturn:
    print(f"amguide : {message}", file=sys.stderr)
    raise SystemExit(USAGE_ERROR)


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (format attendu : AAAA-MM-JJ)") from None


class VersionAction(argparse.Action):
    """`--version`, reading the installed distribution's metadata only when asked (it is slow to import)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("amguide")
        except PackageNotFoundError:
            number = "inconnue"
        print(f"amguide {number}")
        parser.exit()


def build_parser() -> FrenchParser:
    parser = FrenchParser(prog="amguide", description="Assistant conversationnel sur l'aide à l'emploi "
                          "d'un assistant médical (Assurance Maladie).")
    parser.add_argument("--version", action=VersionAction, help="afficher la version et quitter")
    parser.add_argument("--plain", action="store_true",
                        help="conversation ligne à ligne, sans plein écran (lecteurs d'écran, tubes)")
    parser.add_argument("--date", type=iso_date, metavar="AAAA-MM-JJ", help="date de référence (défaut : aujourd'hui)")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)

    simulate = commands.add_parser("simulate", help="éligibilité et montants pour un profil")
    simulate.add_argument("--json", action="store_true", help="sortie JSON (voir CONTRACT.md)")
    simulate.add_argument("--date", type=iso_date, metavar="AAAA-MM-JJ", help="date de la simulation")
    simulate.add_argument("--profile", type=Path, metavar="FICHIER", help="profil YAML ou JSON")
    simulate.add_argument("--set", action="append", default=[], metavar="CLÉ=VALEUR",
                          help="ajoute ou remplace un champ du profil (répétable)")
    simulate.add_argument("--explain", action="store_true", help="détailler l'origine de chaque montant")

    ask = commands.add_parser("ask", help="répondre à une question, sans ouvrir l'interface")
    ask.add_argument("--json", action="store_true", help="sortie JSON (voir CONTRACT.md)")
    ask.add_argument("--date", type=iso_date, metavar="AAAA-MM-JJ", help="date de référence des montants")
    ask.add_argument("question", nargs=argparse.REMAINDER, metavar="QUESTION", help="la question")

    evaluation = commands.add_parser("eval", help="noter un fichier de questions (jeu d'évaluation)")
    evaluation.add_argument("file", type=Path, metavar="FICHIER", help="questions au format de dev_faq.yaml")
    evaluation.add_argument("--json", action="store_true", help="rapport JSON")
    evaluation.add_argument("--date", type=iso_date, metavar="AAAA-MM-JJ", help="date de référence")

    kb = commands.add_parser("kb", help="base de connaissances et paramètres")
    kb_commands = kb.add_subparsers(dest="kb_command", metavar="ACTION", parser_class=FrenchParser, required=True)
    check = kb_commands.add_parser("check", help="valider la base et les paramètres")
    check.add_argument("directory", nargs="?", type=Path, metavar="DOSSIER", help="dossier à valider (défaut : livré)")
    return parser


def broken_data(exc: Exception) -> str:
    """The French message for amguide's own data files found broken (an edit gone wrong, a bad install)."""
    return f"amguide : fichiers de données invalides, corrigez-les ou réinstallez amguide :\n{exc}"


def main(argv: list[str] | None = None) -> int:
    from common.yamlio import DataError, DataErrors

    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except (DataError, DataErrors) as exc:
        print(broken_data(exc), file=sys.stderr)
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "simulate":
        from tui.commands.simulate import run
    elif args.command == "ask":
        from tui.commands.ask import run
    elif args.command == "eval":
        from tui.commands.eval import run
    elif args.command == "kb":
        from tui.commands.kb_check import run
    elif args.plain or not sys.stdin.isatty() or not sys.stdout.isatty():
        from tui.plain import run as plain

        return plain(args.date)
    else:
        from tui.app import AmguideApp

        app = AmguideApp(on=args.date)
        app.run()
        return app.return_code or 0
    return run(args)


def print_markdown(text: str) -> None:
    """Markdown rendered for a terminal, or as is when piped (scripts read it raw)."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        print(text)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
