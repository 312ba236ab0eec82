"""HelpScreen (F1): what amguide does, its keys and its commands; Escape closes it."""

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen

from tui.widgets.text_table import markdown_with_tables

HELP = """\
# Aide d'amguide

| Touche | Action |
|---|---|
| Entrée | envoyer la question |
| ↑ / ↓ | rappeler une question précédente |
| Échap | revenir à la zone de saisie, d'où que vous soyez |
| Page préc. / suiv. | faire défiler la conversation |
| F1 | cette aide (Échap pour fermer) |
| F2 | copier la dernière réponse |
| F3 | exporter conversation et simulation (Markdown) |
| F4 | thème clair / sombre |
| F5 | nouvelle conversation (tout est effacé) |
| F6 | masquer / afficher le panneau de droite |
| F7 | atelier : soirée de formation (Échap : retour) |
| Ctrl+P | palette : thèmes, questions, actions |
| Tab / Maj+Tab | passer d'une zone à l'autre (profil, boutons…) |
| Ctrl+Q | quitter |

Posez vos questions en français, comme elles vous viennent : « combien d'heures de formation pour une
IDE ? », « je suis généraliste secteur 2 sans OPTAM, suis-je éligible ? ».

Commandes à taper : **simulation**, **résumé**, **pourquoi**, **retour** (annuler la dernière modification du profil),
**recommencer**, **quiz** (pré-test de la soirée), **programme**.

Ce que vous tapez va toujours dans la zone de saisie, même quand un bouton est sélectionné.
Une question proposée en gris pendant la saisie : → la complète, Entrée envoie ce que vous avez tapé.
Modifier votre profil : Tab jusqu'au panneau « Votre profil », ↑ ↓ sur le champ (✎) puis Entrée : sa
question est reposée. Ou dites-le : « en fait je suis en secteur 2 », « salaire de 2 000 € brut ».
Sur un terminal étroit, F6 ouvre le panneau à la place de la conversation ; Échap ou une touche tapée y revient.
Rien n'est envoyé sur le réseau : amguide fonctionne hors ligne.
"""


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,f1", "dismiss", "Fermer")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 84; max-width: 95%; height: 85%; border: thick $accent; background: $surface; }
    HelpScreen TextTable { padding: 0 2; }
    HelpScreen MarkdownH1 { margin: 1 0; }   /* every key in view at 80×24, without scrolling */
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield from markdown_with_tables(HELP)

    async def action_dismiss(self, result: object = None) -> None:
        self.dismiss()
