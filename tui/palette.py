"""The command palette: every question of the knowledge base, by theme, and the app's actions."""

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class TopicCommands(Provider):
    """Questions of the knowledge base: choosing one asks it."""

    def _questions(self) -> list[tuple[str, str]]:
        themes = getattr(self.app, "themes", {}) or {}
        return [(theme, entry.title) for theme, entries in themes.items() for entry in entries]

    async def discover(self) -> Hits:
        for theme, title in self._questions()[:40]:
            yield DiscoveryHit(title, partial(self.app.ask, title), help=theme)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for theme, title in self._questions():
            score = matcher.match(f"{theme} {title}")
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.app.ask, title), help=theme)
