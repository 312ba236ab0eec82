"""Every `amguide …` command of the README works as written, from the repository's root (a fresh clone), in a
fresh shell: right after the README's install, amguide is in `.venv/bin/`, not on the PATH."""

import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT


INSTALLED = ".venv/bin/amguide"   # where the README's install command puts it


def readme_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|text)\n(.*?)```", text, re.S)
    return [line.split("  #")[0].strip() for block in blocks for line in block.replace("\\\n", " ").splitlines()]


def readme_commands() -> list[str]:
    """The README's example commands, without their path: `amguide ask …`."""
    return [line.removeprefix(".venv/bin/") for line in readme_lines()
            if line.startswith(f"{INSTALLED} ") and not line.startswith(f"{INSTALLED} serve")]


def test_every_example_calls_amguide_where_the_install_put_it():
    install = readme_lines()[0]
    assert f"&& {INSTALLED}" in install, install
    bare = [line for line in readme_lines() if line == "amguide" or line.startswith("amguide ")]
    assert not bare, f"« amguide » n'est pas dans le PATH d'un terminal neuf : {bare}"


def test_the_readme_has_commands_and_ships_its_example_files():
    commands = readme_commands()
    assert len(commands) >= 8
    for command in commands:
        for word in shlex.split(command):
            if "/" in word and not word.startswith("-") and "=" not in word:
                path = (ROOT / word).resolve()
                assert path.is_relative_to(ROOT) and path.exists(), f"{command}: {word} n'est pas dans le dépôt"


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs_as_written(command):
    words = shlex.split(command)[1:]
    done = subprocess.run([sys.executable, "-m", "tui.cli", *words], capture_output=True, text=True, cwd=ROOT,
                          stdin=subprocess.DEVNULL, timeout=120)
    assert done.returncode == 0, f"{command}\n{done.stderr}"
    assert "Traceback" not in done.stderr and done.stdout.strip()
