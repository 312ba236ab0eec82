"""QuestionSuggester: the grey completion of the question box, from the knowledge base's questions.

After a single word (« pourquoi ») a whole question in grey read as what Enter would send, while Enter sends only
what was typed: a completion is offered once the question has two words, and the box says how to take it."""

from textual.suggester import SuggestFromList

MIN_WORDS = 2
HINT = "→ : compléter · Entrée : envoyer tel quel"


class QuestionSuggester(SuggestFromList):
    async def get_suggestion(self, value: str) -> str | None:
        if len(value.split()) < MIN_WORDS:
            return None
        return await super().get_suggestion(value)
