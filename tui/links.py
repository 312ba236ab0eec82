"""Web addresses in an answer, shown short on screen: a bare address wider than the chat column was cut mid-word
(« …ce-que-cela-chang » / « e-pour-les-patients »). On screen it becomes a link named by its site
(« varactu.fr/… »), still opened by a click; exports keep the answer's text, so the full address."""

import re

MAX_SHOWN = 32   # a shown address longer than this is cut to its site (the chat column is ~44 cells at 100 columns)

# Kept as they are: a Markdown link (its text is chosen by the author) and code. Rewritten: <https://…> and a bare
# address, without the punctuation that ends a sentence or closes a bracket around it.
_PIECE = re.compile(r"(?P<keep>\[[^\]]*\]\([^)\s]*\)|`[^`]*`)"
                    r"|<(?P<auto>https?://[^\s<>]+)>"
                    r"|(?P<bare>https?://[^\s<>()\[\]]+?)(?=[.,;:!?»]*(?:\s|$|[)\]<>]))")


def shown(url: str) -> str:
    """« varactu.fr/… » for a long address, the address without its scheme and « www. » when it is short."""
    text = re.sub(r"^https?://(?:www\.)?", "", url).rstrip("/")
    if len(text) <= MAX_SHOWN:
        return text
    return text.split("/", 1)[0] + "/…"


def short_links(markdown: str) -> str:
    """`markdown` with each web address outside links and code written as a short Markdown link to it."""
    def rewrite(match: re.Match) -> str:
        url = match.group("auto") or match.group("bare")
        return match.group(0) if url is None else f"[{shown(url)}]({url})"

    return _PIECE.sub(rewrite, markdown)
