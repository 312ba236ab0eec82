"""Tables in the chat fit the chat column at 80, 100 and 120 columns: every header and every figure whole on a
line (a Markdown table cut « Cumul » and broke « 14 164 » over two lines at 100 columns)."""

import re

import pytest

from tests.tui_helpers import chat_text, make_app, ready, run, send
from tui.tables import aligned, blocks, fit, stacked

COST = [["Année", "Salaire", "Cotis.", "Coût", "Aide", "Reste", "Cumul"],
        ["1", "10\u00a0895", "3\u00a0269", "14\u00a0164", "19\u00a0000", "−4\u00a0836", "−4\u00a0836"],
        ["Total", "54\u00a0475", "16\u00a0345", "70\u00a0820", "66\u00a0000", "4\u00a0820", ""]]


def cells(markdown: str) -> set[str]:
    """Every cell of the answer's Markdown tables, NBSP read as a space."""
    found = set()
    for line in markdown.splitlines():
        if line.lstrip().startswith("|") and not re.match(r"^[\s|:-]+$", line):
            found |= {c.strip().replace("\u00a0", " ") for c in line.strip().strip("|").split("|") if c.strip()}
    return found


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 36)])
def test_cost_and_amount_tables_fit_the_chat_column(size):
    async def scenario():
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await send(pilot, "je suis généraliste en secteur 1 au 60e percentile à mi-temps, suis-je éligible ?")
            await send(pilot, "combien ça me coûte ?")
            wanted = cells(app.turns[0][1].text) | cells(app.turns[1][1].text)
            assert {"Salaire", "Cumul", "Mi-temps"} <= wanted     # both answers carry their table
            lines = await chat_text(pilot)
            missing = {c for c in wanted if not any(re.search(rf"(^|\s){re.escape(c)}(\s|$)", line) for line in lines)}
            assert not missing, f"{size}: cut or broken over lines: {sorted(missing)}"
    run(scenario())


@pytest.mark.parametrize("width", [20, 30, 45, 66, 71])
def test_a_table_is_laid_out_within_its_width_with_every_cell_whole(width):
    laid, _ = fit(COST, width)
    lines = [line for block in laid for line in block]
    assert all(len(line) <= width for line in lines), width
    for cell in {c for row in COST for c in row if c}:
        assert any(cell in line for line in lines), (width, cell)


def test_columns_when_they_fit_groups_of_columns_then_one_block_per_row():
    assert fit(COST, 66) == ([aligned(COST)], True)
    groups, headed = fit(COST, 45)
    assert headed and len(groups) == 2 and all(g[0].startswith("Année") for g in groups)
    rows, headed = fit(COST, 12)
    assert not headed and rows[0][0].startswith("Année 1 —")
    listed = [line.replace("\u00a0", " ") for line in stacked([COST[0], COST[2]], 100)]
    assert listed == ["Total — Salaire : 54 475 · Cotis. : 16 345 · Coût : 70 820 · Aide : 66 000 · Reste : 4 820"]


def test_answers_are_cut_into_text_and_tables_in_order():
    parts = blocks("Avant\n\n| a | b |\n|---|--:|\n| x | 1 |\n\nAprès")
    assert parts == ["Avant\n", [["a", "b"], ["x", "1"]], "\nAprès"]


def test_amounts_in_the_chat_never_wrap_inside():
    """« 11 000 € » broke before its « € » (and « 14 164 » inside) at the chat's width: Rich wrapped at NBSPs."""
    async def scenario():
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            await send(pilot, "je suis généraliste en secteur 1 au P60, suis-je éligible ?")
            await send(pilot, "combien je touche au total à mi-temps ?")
            lines = await chat_text(pilot)
            text = "\n".join(line.strip(" █▊▎▁▔▂▃▄▅▆▇") for line in lines)
            assert "66 000 €" in text
            assert not re.search(r"\d\n+\s*(€|\d{3}\b)", text), [ln for ln in lines if ln.strip(" █").startswith("€")]
    run(scenario())


def test_a_text_column_wraps_under_itself_beside_the_keys():
    from tui.screens.help_screen import HELP

    keys = next(b for b in blocks(HELP) if not isinstance(b, str))
    laid, headed = fit(keys, 50)
    lines = laid[0]
    assert headed and len(laid) == 1 and all(len(line) <= 50 for line in lines)
    indent = lines[0].index("Action")
    assert all(line[:indent].strip() == "" or line[indent - 2:indent] == "  " for line in lines)
    words = " ".join(line[indent:] for line in lines).split()
    assert words == " ".join(["Action", *(row[-1] for row in keys[1:])]).split()   # every word, in order


def test_numbers_typed_with_ordinary_spaces_are_glued():
    from tui.nobreak import glued

    assert glued("3 000 à 3 500 assistants, 12 €, en 2024 ou 2 ans") == \
        "3\u00a0000 à 3\u00a0500 assistants, 12\u00a0€, en 2024 ou 2 ans"
