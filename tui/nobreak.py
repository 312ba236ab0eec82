"""French no-break spaces kept unbroken on screen: « 11 000 € » never splits into « 11 000 » / « € ».

French text puts a no-break space (U+00A0, or the narrow U+202F) inside numbers and before « € », « : », « ? ».
Two things broke them, both fixed here once for the whole process (Textual is pinned; tests/test_chat_tables.py
fails if an upgrade undoes either):
- Rich's line wrapping, which draws every Textual Content, wraps at any whitespace, these included
  (rich._wrap.re_word is `\\s*\\S+\\s*`, and Python's `\\s` matches them);
- Textual's Markdown turns every run of whitespace of a text into one plain space, no-break spaces included
  (MarkdownBlock._token_to_content), so they are lost before wrapping."""

import re

NO_BREAK = "\u00a0\u202f"
WORD = re.compile(rf"[^\S{NO_BREAK}]*(?:\S|[{NO_BREAK}])+[^\S{NO_BREAK}]*")
GROUPS = re.compile(r"(?<=\d) (?=\d{3}(?!\d)|€)")   # « 3 500 », « 12 € » typed with ordinary spaces
# French punctuation that takes a space on its inner side, typed with an ordinary one (« tolérance −10 % »,
# « (source secondaire) : un », « dans « tout autre » »): a line must not break there. Not in Markdown's own
# syntax (« | :--- | », a cell or a list item that starts with « ? »: « - ? **Secteur** »), but after bold (« ** : »).
BEFORE = re.compile(r"(?:(?<=[^\s|.*+-])|(?<=\*\*)) (?=[:;!?%»](?:\s|$|[.,)]))")
AFTER = re.compile(r"(?<=«) (?=\S)")
HIDDEN = {"\u00a0": "\ue000", "\u202f": "\ue001"}   # private-use stand-ins, not whitespace, one character each


def glued(text: str) -> str:
    """Thousands, « € » and French punctuation typed with an ordinary space (« 3 000 à 3 500 », « 10 % »,
    « coût : ») given the no-break space they need."""
    return AFTER.sub("\u00a0", BEFORE.sub("\u00a0", GROUPS.sub("\u00a0", text)))


def keep_no_break_spaces(textual: bool = True) -> None:
    """Make Rich treat no-break spaces as part of the word, and Textual's Markdown keep them (idempotent;
    `textual=False` for Rich alone, as the command line prints)."""
    import rich._wrap

    rich._wrap.re_word = WORD
    if textual:
        _keep_in_markdown()


def _keep_in_markdown() -> None:
    from textual.content import Content
    from textual.widgets._markdown import MarkdownBlock

    original = MarkdownBlock._token_to_content
    if getattr(original, "keeps_no_break", False):
        return

    def token_to_content(self, token):
        for child in token.children or ():
            if child.type == "text":
                for space, hidden in HIDDEN.items():
                    child.content = child.content.replace(space, hidden)
        content = original(self, token)
        text = content.plain
        for space, hidden in HIDDEN.items():
            text = text.replace(hidden, space)
        return Content(text, content.spans) if text != content.plain else content

    token_to_content.keeps_no_break = True
    MarkdownBlock._token_to_content = token_to_content
