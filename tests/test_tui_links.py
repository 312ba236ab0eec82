"""Web addresses in the chat: shown short (a link named by its site) instead of cut mid-word at the column's edge;
the export keeps each address whole."""

import re

from tests.tui_helpers import chat_text, make_app, ready, run, send, settle
from tui.links import MAX_SHOWN, short_links
from tui.transcript import export

URL = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?»]")


def test_a_long_address_becomes_a_short_link_to_the_whole_address():
    long = "https://varactu.fr/consultations-medicales-a-30-e-ce-que-cela-change-pour-les-patients"
    assert short_links(f"(Var Actu) — {long}).") == f"(Var Actu) — [varactu.fr/…]({long}))."
    assert short_links(f"ameli.fr (<{long}>) ;") == f"ameli.fr ([varactu.fr/…]({long})) ;"
    assert short_links("voir https://www.ameli.fr/x.") == "voir [ameli.fr/x](https://www.ameli.fr/x)."


def test_links_and_code_are_left_as_written():
    text = "[le simulateur](https://www.ameli.fr/medecin/aide-emploi-assistant-medical) et `https://a.fr/b`"
    assert short_links(text) == text
    assert short_links("pas d'adresse : 12 000 €.") == "pas d'adresse : 12 000 €."


def test_the_chat_never_cuts_an_address_and_the_export_keeps_it_whole():
    async def scenario():
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            for text in ("je suis MG secteur 1, 52 ans, 1200 patients médecin traitant, je veux un assistant à "
                         "mi-temps", "combien ça me coûte ?", "pourquoi ?"):
                await send(pilot, text)
            await settle(pilot)
            addresses = {u for _, reply in app.turns for u in URL.findall(reply.text)}
            assert addresses, "the cost's « pourquoi » quotes its sources' addresses"
            lines = await chat_text(pilot)
            assert not [line for line in lines if "http" in line]
            shown = "\n".join(lines)
            for address in addresses:
                site = re.sub(r"^https?://(www\.)?", "", address).split("/")[0]
                assert site in shown
            written = export(app.turns, app.on)
            assert all(address in written for address in addresses)
            assert all(len(label) <= MAX_SHOWN + 2 for label in re.findall(r"\S+/…", shown))
    run(scenario())
