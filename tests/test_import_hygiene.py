"""The core never imports Textual: `ask` and `simulate` start fast and other faces can reuse it."""

import subprocess
import sys

from tests.conftest import ROOT

CORE = ["common", "rules", "rules.engine", "rules.summary", "tui.cli", "tui.commands.simulate",
        "tui.commands.kb_check"]


def test_core_does_not_import_textual():
    code = ("import sys, importlib\n"
            f"for name in {CORE!r}: importlib.import_module(name)\n"
            "for optional in ('knowledge', 'chatbot', 'chatbot.session', 'tui.commands.ask', 'tui.commands.eval'):\n"
            "    try: importlib.import_module(optional)\n"
            "    except ModuleNotFoundError as exc:\n"
            "        if not optional.startswith(exc.name): raise\n"
            "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
            "print(','.join(bad))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_tui_modules_never_import_the_cli():
    """`tui.cli` dispatches to the commands; the commands take their output helpers from `tui.output`."""
    import ast

    offenders = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        if path.name == "cli.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n == "tui.cli"]
    assert offenders == []
