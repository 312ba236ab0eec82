"""What every `amguide` sub-command prints: errors, JSON, Markdown. Imported by `cli` and the commands alike,
so the commands never import `cli` (the arrows run one way: cli → commands → output)."""

import json
import sys
from typing import Any, NoReturn

USAGE_ERROR = 2


def fail(message: str) -> NoReturn:
    """A usage error: a French line on stderr, exit 2."""
    print(f"amguide : {message}", file=sys.stderr)
    raise SystemExit(USAGE_ERROR)


def broken_data(exc: Exception) -> str:
    """The French message for amguide's own data files found broken (an edit gone wrong, a bad install)."""
    return f"amguide : fichiers de données invalides, corrigez-les ou réinstallez amguide :\n{exc}"


def print_markdown(text: str) -> None:
    """Markdown rendered for a terminal, or as is when piped (scripts read it raw)."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        from tui.nobreak import glued, keep_no_break_spaces

        keep_no_break_spaces(textual=False)
        Console().print(Markdown(glued(text)))   # « mai 2023 » never leaves a lone « » » on a line
    else:
        print(text)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def interactive() -> bool:
    """A terminal, or a browser through `amguide serve` (textual-serve's pipes are not ttys)."""
    import os

    return "web_driver" in os.environ.get("TEXTUAL_DRIVER", "") or (sys.stdin.isatty() and sys.stdout.isatty())
