"""Whatever is typed, a turn returns a Reply and never raises (property-based, with hypothesis)."""

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from chatbot.reply import Reply
from chatbot.session import Session

MARKUP = ["[bold]x", "[/", "[0]", "[b", "[@click=app.quit]", "[/bold]", "**", "`", "<script>", "{{today}}", "{{block:x}}"]
SESSION = Session(on=dt.date(2026, 11, 24))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(), st.sampled_from(MARKUP), st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=50),
                 st.lists(st.sampled_from(["oui", "non", "P", "secteur", "2", "retour", "quiz", "1", "simulation",
                                           "centre de santé", "[", "€", "mille", "%"]), max_size=8).map(" ".join)))
def test_any_text_gets_a_reply(text):
    reply = SESSION.handle(text)
    assert isinstance(reply, Reply) and reply.text


def test_huge_paste_and_control_characters():
    session = Session(on=dt.date(2026, 11, 24))
    assert session.handle("a" * 100_000).text
    assert session.handle("secteur\x00 1\x1b[31m\u202e").text
    assert session.handle("").status == "info"


def test_user_text_is_never_echoed_as_a_template():
    reply = Session(on=dt.date(2026, 11, 24)).handle("{{block:amounts}} {{today}}")
    assert "{{" not in reply.text or reply.status == "fallback"


def test_retour_says_what_it_undoes():
    """One message can set several facts and « pourquoi » changes none: « retour » names what it takes back."""
    import datetime as dt
    from chatbot.session import Session

    session = Session(on=dt.date(2026, 11, 27))
    session.handle("MG S1 P60 mi temps")
    session.handle("je suis en secteur 2")
    session.handle("pourquoi")
    text = session.handle("retour").text
    assert "annulée : secteur 2." in text and session.state.profile["sector"] == "1", text
    text = session.handle("retour").text
    assert "médecine générale" in text and "mi-temps" in text and not session.state.profile, text
    assert "Rien à annuler" in session.handle("retour").text
