"""HelpScreen (F1): what amguide does, its keys and its commands; Escape closes it."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from tui.widgets.text_table import markdown_with_tables

HELP = """\
# Aide d'amguide

Posez vos questions en français, comme elles vous viennent : « combien d'heures de formation pour une
IDE ? », « je suis généraliste secteur 2 sans OPTAM, suis-je éligible ? ».

| Touche | Action |
|---|---|
| Entrée | envoyer la question |
| ↑ / ↓ | rappeler une question précédente |
| Échap | revenir à la zone de saisie (d'où que vous soyez) |
| Page préc. / Page suiv. | faire défiler la conversation |
| F1 | cette aide (Échap pour fermer) |
| F2 | copier la dernière réponse |
| F3 | exporter la conversation et la simulation en Markdown |
| F4 | thème clair / sombre |
| F5 | nouvelle conversation (tout est effacé) |
| F6 | masquer ou afficher le panneau de droite (simulation, thèmes) |
| F7 | atelier : la soirée de formation en mode présentateur (Échap pour revenir) |
| Ctrl+P | palette : thèmes, questions, actions |
| Tab / Maj+Tab | passer d'une zone à l'autre (boutons, profil, thèmes) |
| Ctrl+Q | quitter |

Commandes à taper : **simulation**, **résumé**, **pourquoi**, **retour** (annuler la dernière réponse),
**recommencer**, **quiz** (pré-test de la soirée), **programme**.

Ce que vous tapez va toujours dans la zone de saisie, même quand un bouton est sélectionné.
Dans le panneau « Votre profil », choisissez un champ pour le modifier.
Rien n'est envoyé sur le réseau : amguide fonctionne hors ligne.
"""


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,f1", "dismiss", "Fermer")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 84; max-width: 95%; height: 85%; border: thick $accent; background: $surface; }
    HelpScreen TextTable { padding: 0 2; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield from markdown_with_tables(HELP)

    async def action_dismiss(self, result: object = None) -> None:
        self.dismiss()
