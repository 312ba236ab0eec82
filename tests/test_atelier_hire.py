"""« Et maintenant, j'embauche ? » as a newcomer used it: the volunteer's option is used, the cost and the balance are
shown in French, a value typed under the wrong field goes to the field it is meant for, and at 80×24 the result
scrolls from the keyboard whichever field has the focus."""

import re

import pytest

from rules import business_summary
from tests.test_atelier import DAY, drive, screen_text, typed
from tests.tui_helpers import until
from tui.atelier.content import atelier_data
from tui.atelier.hire import hire_markdown, read_fields

FIELDS = [spec.field for spec in atelier_data().hire_fields]
EXPECTED = {spec.field: spec.placeholder for spec in atelier_data().hire_fields}
RAW_NAMES = re.compile(r"\b(specialty|percentile|sector|optam|zone|option|consultation_fee)\b \(")


def fields(**typed_values: str) -> dict[str, str]:
    return {name: typed_values.get(name, "") for name in FIELDS}


def test_chapter_9_shows_the_money_it_is_about():
    from common.text import eur
    from tui.atelier.content import Evening

    evening = Evening(DAY)
    hire = next(c for c in evening.chapters if "hire" in c.activities)
    salary = evening.params["assistant_salary"].value_at(DAY).gross_month
    aid = evening.params["amounts_mi_temps"].value_at(DAY).year_1
    assert {eur(salary), eur(aid)} <= {f.now for f in hire.figures}
    assert "reste à charge" in evening.data.texts["hint_hire"]


def test_values_go_to_the_field_they_are_meant_for():
    reading = read_fields(fields(specialty="mi-temps", sector="2", optam="oui", zone="P70"), EXPECTED)
    assert reading.values == {"option": "mi_temps", "sector": "2", "optam": True, "percentile": 70.0}
    assert reading.problems == [] and len(reading.moved) == 2
    assert "« mi-temps » tapé sous « spécialité » : lu comme « option »" in reading.moved[0]
    # A field's own value stays; what no field understands is named with what its field expects, in French.
    reading = read_fields(fields(specialty="pédiatre", percentile="70", zone="70", option="mi temps"), EXPECTED)
    assert reading.values == {"specialty": "pediatrie", "percentile": 70.0, "option": "mi_temps"}
    assert reading.problems == ["**Zone** : « 70 » ne convient pas ici ; attendu : ZIP, ZAC, hors zone."]
    # A bare answer is read as the chat's form reads it: numbers for numbers, oui / non for yes-or-no.
    reading = read_fields(fields(percentile="70e", consultation_fee="26,50 €", optam="ouais"), EXPECTED)
    assert reading.values == {"percentile": 70.0, "consultation_fee": 26.5, "optam": True}
    reading = read_fields(fields(percentile="250"), EXPECTED)
    assert reading.values == {} and reading.problems[0].startswith("**Percentile d'activité** : « 250 »")


@pytest.mark.parametrize("option", ["mi-temps", "mi temps"])
def test_the_chosen_option_is_used_with_its_cost_and_balance(option):
    typed_values = fields(specialty="pédiatre", sector="2", optam="oui", percentile="70", option=option,
                          consultation_fee="32")
    text = hire_markdown(typed_values, EXPECTED, DAY, atelier_data().texts).replace("\xa0", " ")
    assert text.startswith("## ✅ Éligible")
    money = text.index(business_summary.TITLE)
    assert money < text.index("Régime")                      # the money first, then the criteria
    assert "Temps plein" not in text                          # the other option's column is gone
    assert "reste à payer" in text and "Équilibre" in text and "consultations supplémentaires par an" in text
    assert "Tarif de consultation que vous avez indiqué : 32 €" in text
    assert not RAW_NAMES.search(text) and "inconnue" not in text


def test_without_an_option_the_room_is_told_how_to_see_the_cost():
    text = hire_markdown(fields(specialty="MG", sector="1", percentile="60"), EXPECTED, DAY, atelier_data().texts)
    assert "Mi-temps" in text and "Temps plein" in text               # both options' amounts
    assert atelier_data().texts["hire_option"] in text and business_summary.TITLE not in text


def test_the_newcomers_volunteer_at_80x24_sees_the_money_and_scrolls_it():
    """pédiatre / 2 / oui / 70 / « mi temps » typed in order, then the result read with Page suiv. and ↓ while the
    focus stays in a field."""

    async def steps(pilot):
        app = pilot.app
        await pilot.press("9", "v")
        await pilot.pause()
        for value in ["pédiatre", "2", "oui", "70", "mi temps"]:
            await typed(pilot, value)
            await pilot.press("tab")
        await until(lambda: business_summary.TITLE in screen_text(app), pilot)
        shown = screen_text(app)
        assert "Éligible" in shown and "Temps plein" not in shown   # the volunteer's option alone
        table = app.screen.query_one("#volunteer-markdown TextTable")   # laid out as the chat lays tables out
        lines = table.laid_out(table.content_size.width).plain.split("\n")
        rows = [line for line in lines if re.match(r"^[1-5] +\d", line)]
        assert len(rows) == 5 and len({len(row) for row in rows}) == 1   # numbers right-aligned: one right edge
        assert "│" not in shown   # no boxed cells
        assert not RAW_NAMES.search(shown) and "inconnue" not in shown
        result = app.screen.query_one("#volunteer-result")
        assert result.max_scroll_y > 0
        app.screen.query_one("#field-specialty").focus()
        await pilot.press("pagedown")
        await pilot.pause()
        after_page = result.scroll_y
        assert after_page > 0
        await pilot.press("down")
        await pilot.pause()
        assert result.scroll_y > after_page
        for _ in range(20):
            await pilot.press("pagedown")
        await pilot.pause()
        assert "simulateur de l'Assurance Maladie" in screen_text(app)   # the end of the result is reachable
        await pilot.press("pageup")
        await pilot.pause()
        assert result.scroll_y < result.max_scroll_y
        assert app.screen.focused.id == "field-specialty"                 # typing still goes to the field

    drive(steps, size=(80, 24))
