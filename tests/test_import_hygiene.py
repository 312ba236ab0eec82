"""The core never imports Textual: `ask` and `simulate` start fast and other faces can reuse it."""

import os
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


def test_ask_from_a_warm_cache_imports_neither_pydantic_nor_yaml(tmp_path):
    """They serve to read and validate data files: once the built data are cached, a question that the
    knowledge base answers needs neither (~0.15 s of a start on this machine; a doctor's own situation
    is still validated by pydantic). Nor the business case (a cost question imports it) nor hashlib
    (OpenSSL's library: the fingerprint's blake2b is taken from _blake2)."""
    env = {**os.environ, "AMGUIDE_CACHE_DIR": str(tmp_path / "cache")}
    code = ("import sys\nfrom tui.cli import main\n"
            "main(['ask', '--json', sys.argv[1]])\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'pydantic_core', 'yaml'}\n"
            "             | {m for m in sys.modules} & {'rules.business', 'hashlib'}), file=sys.stderr)\n")
    for question in ("combien d'heures de formation pour une AS ?", "quels sont les montants de l'aide ?"):
        subprocess.run([sys.executable, "-c", code, question], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
        warm = subprocess.run([sys.executable, "-c", code, question], capture_output=True, text=True, cwd=ROOT, env=env)
        assert warm.returncode == 0, warm.stderr
        assert warm.stderr.strip().splitlines()[-1] == "[]", (question, warm.stderr)


def test_the_matcher_leaves_the_rules_engine_to_situations():
    """`amguide ask` embeds a question needing the encoder while it imports the rest (chatbot.semantic): what comes
    before, the matcher, imports the specialties list only, not the engine nor its result's dataclasses."""
    code = ("import sys\nimport chatbot.matcher, chatbot.normalize\n"
            "print(sorted(m for m in sys.modules if m.startswith('rules')))\n"
            "from rules import Result, evaluate\nprint(evaluate.__module__, Result.__module__)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["['rules', 'rules.specialties']", "rules.engine rules.result"]
