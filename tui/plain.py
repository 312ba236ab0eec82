"""`amguide --plain`: the same conversation line by line, for screen readers, pipes and dumb terminals."""

import datetime as dt
import sys


def run(on: dt.date | None = None) -> int:
    from chatbot.session import Session

    session = Session(on=on)
    print("amguide — l'aide à l'emploi d'un assistant médical. Posez votre question (« aide », « quitter »).")
    while True:
        try:
            text = input("\nVous : ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if text.strip().lower() in ("quitter", "exit", "quit"):
            return 0
        reply = session.handle(text)
        print(f"\namguide : {reply.text}")
        if reply.sources:
            print("\nSources : " + " ; ".join(s["title"] + (f" — {s['url']}" if s["url"] else "") for s in reply.sources))
        choices = [q.label for q in reply.quick_replies] or list(reply.suggestions)
        if choices:
            print("\nSuggestions : " + " | ".join(choices))
        sys.stdout.flush()
