"""The `amguide` command: the chat UI by default, and the scriptable sub-commands of CONTRACT.md."""

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from common import regexes
from tui.output import broken_data, fail, interactive


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
    import re

    message = re.sub(r"invalid (int|float) value: (.*)", lambda m: f"valeur invalide : {m.group(2)} (un nombre "
                     f"{'entier ' if m.group(1) == 'int' else ''}est attendu)", message)
    replacements = {
        "the following arguments are required": "arguments obligatoires manquants",
        "unrecognized arguments": "arguments non reconnus",
        "invalid choice": "choix invalide",
        "expected one argument": "une valeur est attendue",
        "expected at least one argument": "au moins une valeur est attendue",
        "ambiguous option": "option ambiguë",
        "could match": "pourrait être",
        "not allowed with argument": "incompatible avec l'argument",
        "ignored explicit argument": "valeur non attendue",
        "argument ": "argument ",
        "choose from": "choisir parmi",
    }
    for english, french in replacements.items():
        message = message.replace(english, french)
    return message


DATES = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))   # as a profile's signature_date; 9999 would overflow


def iso_date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (format attendu : AAAA-MM-JJ)") from None
    if not DATES[0] <= day <= DATES[1]:
        raise argparse.ArgumentTypeError(f"date hors limites « {text} » (entre {DATES[0].year} et {DATES[1].year})")
    return day


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


ASK_EPILOG = """\
exemples :
  amguide ask "combien d'heures de formation pour une aide-soignante ?"
  amguide ask "montant de l'aide à mi-temps" --json --date 2026-11-24

sortie JSON : un objet avec
  question      la question posée
  status        answer (réponse), clarify (question ambiguë : voir candidates), fallback (hors sujet)
  intent        la fiche qui répond (null si fallback)
  confidence    confiance, de 0 à 1
  answer        la réponse, en Markdown
  sources       liste de {title, url, date}
  suggestions   questions pour aller plus loin
  candidates    choix proposés quand la question est ambiguë : {intent, title, confidence}
code de sortie : 0 pour toute réponse, 2 pour une erreur d'utilisation."""

SIMULATE_EPILOG = """\
exemples :
  amguide simulate --set specialty="médecine générale" --set sector=1 --set percentile=60
  amguide simulate --profile examples/profil.yaml --json

champs : structure (cabinet, centre_de_sante), specialty (texte libre), sector (1, 2,
  non_conventionne), optam (true/false), zone (zip, zac, hors_zone), doctors_in_practice,
  coordinated_practice (true/false), pmt, file_active, percentile (0–100), clinical_fee_share (0–1),
  age, newly_installed (true/false), option (tiers_temps, mi_temps, temps_plein),
  signature_date (AAAA-MM-JJ), centre_type (generalistes, specialistes, mixte), centre_new,
  doctor_fte, assistant_fte ; coût pour le médecin (option choisie) : salary_gross_month (salaire
  brut mensuel à temps plein), employer_rate (charges patronales, 0–1), consultation_fee (€),
  working_days (jours travaillés par an).

sortie JSON : date, regime {id, label, from}, eligible (yes, no, unknown), criteria
  [{id, status (met, not_met, unknown), explanation, sources}], missing (champs à renseigner),
  options [{option, fte, available, reason, years [{year, amount_eur}], total_eur}],
  objectives, warnings, business_case (coût, aide, reste à charge et équilibre par année, quand une
  option est choisie et le profil éligible ; sinon null).
code de sortie : 0 quel que soit le verdict, 2 pour un profil invalide."""


def build_parser() -> FrenchParser:
    parser = FrenchParser(prog="amguide", description="Assistant conversationnel sur l'aide à l'emploi "
                          "d'un assistant médical (Assurance Maladie).")
    parser.add_argument("--version", action=VersionAction, help="afficher la version et quitter")
    parser.add_argument("--plain", action="store_true",
                        help="conversation ligne à ligne, sans plein écran (lecteurs d'écran, tubes)")
    parser.add_argument("--date", type=iso_date, metavar="AAAA-MM-JJ", help="date de référence (défaut : aujourd'hui)")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchParser)

    simulate = commands.add_parser("simulate", help="éligibilité et montants pour un profil",
                                   formatter_class=argparse.RawDescriptionHelpFormatter, epilog=SIMULATE_EPILOG)
    simulate.add_argument("--json", action="store_true", help="sortie JSON (clés décrites plus bas)")
    simulate.add_argument("--date", type=iso_date, metavar="AAAA-MM-JJ", help="date de la simulation")
    simulate.add_argument("--profile", type=Path, metavar="FICHIER", help="profil YAML ou JSON")
    simulate.add_argument("--set", action="append", default=[], metavar="CLÉ=VALEUR",
                          help="ajoute ou remplace un champ du profil (répétable)")
    simulate.add_argument("--explain", action="store_true", help="détailler l'origine de chaque montant")

    ask = commands.add_parser("ask", help="répondre à une question, sans ouvrir l'interface",
                              formatter_class=argparse.RawDescriptionHelpFormatter, epilog=ASK_EPILOG)
    ask.add_argument("--json", action="store_true", help="sortie JSON (clés décrites plus bas)")
    ask.add_argument("--plain", action="store_true", default=argparse.SUPPRESS,   # as `amguide --plain ask`
                     help="texte simple, tableaux à la largeur du terminal (lecteurs d'écran)")
    ask.add_argument("--date", type=iso_date, metavar="AAAA-MM-JJ", help="date de référence des montants")
    ask.add_argument("question", nargs="*", metavar="QUESTION",
                     help="la question (les options peuvent venir avant ou après)")

    evaluation = commands.add_parser("eval", help="noter un fichier de questions (jeu d'évaluation)")
    evaluation.add_argument("file", type=Path, metavar="FICHIER", help="questions au format de dev_faq.yaml")
    evaluation.add_argument("--json", action="store_true", help="rapport JSON")
    evaluation.add_argument("--date", type=iso_date, metavar="AAAA-MM-JJ", help="date de référence")

    atelier = commands.add_parser("atelier", help="mode présentateur de la soirée de formation")
    atelier.add_argument("--date", type=iso_date, metavar="AAAA-MM-JJ", help="date de la soirée (défaut : aujourd'hui)")
    atelier.add_argument("--new", action="store_true", help="nouvelle soirée (sinon reprise de la dernière)")

    serve = commands.add_parser("serve", help="servir amguide dans un navigateur (textual-serve)")
    serve.add_argument("--host", default="127.0.0.1", metavar="HÔTE", help="adresse d'écoute (défaut : 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, metavar="PORT", help="port (défaut : 8000)")
    serve.add_argument("--atelier", action="store_true", help="servir le mode présentateur au lieu de la conversation")
    serve.add_argument("--date", type=iso_date, metavar="AAAA-MM-JJ", help="date de référence")

    kb = commands.add_parser("kb", help="base de connaissances et paramètres")
    kb_commands = kb.add_subparsers(dest="kb_command", metavar="ACTION", parser_class=FrenchParser, required=True)
    check = kb_commands.add_parser("check", help="valider la base et les paramètres")
    check.add_argument("directory", nargs="?", type=Path, metavar="DOSSIER", help="dossier à valider (défaut : livré)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Ctrl-C and a closed pipe (`amguide eval … | head`) end quietly; bytes that are not UTF-8, in the
    arguments or on the input, become « \ufffd » instead of a traceback."""
    from common.yamlio import DataError, DataErrors

    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        args = parse([_decoded(word) for word in (sys.argv[1:] if argv is None else argv)])
        regexes.restore(_COMMAND[0])   # before the engine's modules compile their patterns
        code = _dispatch(args)
        sys.stdout.flush()
        return code
    except (DataError, DataErrors) as exc:
        print(broken_data(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\namguide : interrompu.", file=sys.stderr)
        return 130
    except BrokenPipeError:   # the reader stopped reading: not an error; nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


# Commands whose process may end without tearing its heap down (see `entry`): all their output is written
# and every file they write is closed when `main` returns (the chat saves each question as it is asked).
# The atelier and `serve` (which starts processes of its own) end normally.
QUICK_EXIT = {"ask", "simulate", "eval", "kb", "chat", None}   # None: --plain, --help, --version, a usage error


def entry() -> NoReturn:
    """The `amguide` console script: `main`, then the end of a normal interpreter exit (non-daemon threads
    joined, atexit handlers, standard streams flushed) but without freeing the heap object by object, which
    takes a one-shot command's process 0,03–0,3 s after its last line (the knowledge base, the matcher's
    index, the encoder) and the chat 0,1–0,4 s after Ctrl+Q. The exit code and the output are those of
    `sys.exit(main())`."""
    try:
        code = main()
    except SystemExit as exc:
        code = exc.code
    if not isinstance(code, int):   # as the interpreter does with sys.exit(value)
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    if _COMMAND[0] not in QUICK_EXIT:
        sys.exit(code)
    quick_exit(code)


def quick_exit(code: int) -> NoReturn:
    """What the interpreter does at exit before it frees the heap, then the end of the process. `threading._shutdown`
    and `atexit._run_exitfuncs` are CPython's own steps (an idle thread pool is told to stop before being joined)."""
    import atexit
    import threading

    threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):   # the reader has gone, or the stream was closed: nothing to add
            pass
    os._exit(code)


_COMMAND: list[str | None] = [None]   # the sub-command parsed by `main`, for `entry`


def _decoded(word: str) -> str:
    """An argument as valid Unicode: undecodable bytes (kept by Python as lone surrogates) replaced."""
    try:
        return word.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return word.encode("utf-8", "replace").decode("utf-8")


def parse(argv: list[str] | None) -> argparse.Namespace:
    """The arguments, with `ask`'s options accepted anywhere: words after an option go on the question."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command or args.plain or not interactive():
        _COMMAND[0] = args.command
    else:   # a browser's session under `amguide serve` (not a terminal) ends normally
        _COMMAND[0] = "chat" if sys.stdout.isatty() else "browser"
    if extra and args.command == "ask" and not any(word.startswith("-") and len(word) > 1 for word in extra):
        args.question = [*args.question, *extra]
        extra = []
    if extra:
        parser.error(f"arguments non reconnus : {' '.join(extra)}")
    return args


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "simulate":
        from tui.commands.simulate import run
    elif args.command == "ask":
        from tui.commands.ask import run
    elif args.command == "eval":
        from tui.commands.eval import run
    elif args.command == "kb":
        from tui.commands.kb_check import run
    elif args.command == "atelier":
        from tui.commands.atelier import run
    elif args.command == "serve":
        from tui.commands.serve import run
    elif args.plain or not interactive():
        from tui.plain import run as plain

        return plain(args.date)
    else:
        from tui.app import AmguideApp

        app = AmguideApp(on=args.date)
        app.run()
        return app.return_code or 0
    return run(args)


if __name__ == "__main__":
    entry()
