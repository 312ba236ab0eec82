"""Exports under `amguide serve`: the visitor's browser downloads them (Textual's `deliver_text`, served by
textual-serve at a single-use address); nothing is written on the host's disk."""

import io

from textual.app import App


def to_browser(app: App, file_name: str, text: str) -> bool:
    """Send `text` to the visitor's browser as the download `file_name`; False when the app runs in a terminal
    (the caller then writes the file in the user's exports folder)."""
    if not app.is_web:
        return False
    app.deliver_text(io.StringIO(text), save_filename=file_name, mime_type="text/markdown", encoding="utf-8")
    return True
