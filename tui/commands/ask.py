"""`amguide ask`: one question answered without the UI, as text or as the contract's JSON."""

import argparse
import datetime as dt

from common.text import CUT, source_label
from tui.output import fail, print_json, print_markdown


def payload(question: str, reply) -> dict:
    """The JSON object of CONTRACT.md for one answered question."""
    return {
        "question": question,
        "status": reply.contract_status,
        "intent": None if reply.contract_status == "fallback" else reply.intent,
        "confidence": round(float(reply.confidence), 3),
        "answer": reply.text,
        "sources": [dict(s) for s in reply.sources],
        "suggestions": list(reply.suggestions) or [q.label for q in reply.quick_replies],
        "candidates": list(reply.candidates),
        "notice": reply.notice or None,
    }


def run(args: argparse.Namespace) -> int:
    question = " ".join(args.question).strip()
    if not question:
        fail("question vide : écrivez votre question après « amguide ask », par exemple "
             "amguide ask \"combien d'heures de formation pour une aide-soignante ?\"")
    from chatbot.matcher import shipped_matcher
    from chatbot.normalize import clean, normalize

    raw = clean(question)
    if CUT not in raw:   # embedded as the session will ask, on the other core meanwhile (a paste cut in its middle is
        shipped_matcher().embed_ahead(normalize(raw))   # answered by its last sentence: nothing to embed ahead)
    from chatbot.session import Session

    reply = Session(on=args.date or dt.date.today()).handle(question)
    if args.json:
        print_json(payload(question, reply))
        return 0
    if args.plain:   # clean text, tables within the terminal's width (screen readers, 80 columns)
        from tui.plain import reply_text

        print(reply_text(reply))
        return 0
    parts = [reply.text]
    if reply.sources:
        parts.append("**Sources**\n\n" + "\n".join(f"- {source_label(s)}" + (f" — <{s['url']}>" if s["url"] else "")
                                                 for s in reply.sources))
    follow = list(reply.suggestions) or [q.label for q in reply.quick_replies]
    if follow:
        parts.append("**Pour aller plus loin**\n\n" + "\n".join(f"- {s}" for s in follow))
    print_markdown("\n\n".join(parts))
    return 0
