"""The conversation: an explicit state machine (FAQ, simulation form, clarification, quiz).

`Session.handle(text)` takes what the doctor typed and returns a Reply. The simulation form asks what
`rules.evaluate` reports missing, in its order; a FAQ question in the middle of the form is answered,
then the pending question is asked again (Rasa forms' « unhappy path »)."""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from chatbot import budget, definitions, entities, preamble, routing
from chatbot import personal as personal_answers
from chatbot.form import Slot, form, read_answer, refused
from chatbot.language import vocabulary
from chatbot.lookups import Lookup, Lookups
from chatbot.matcher import OUT_OF_SCOPE, Match, Matcher, shipped_matcher
from chatbot.normalize import MAX_CHARS, clean, normalize
from chatbot.render import Renderer
from chatbot.reply import QuickReply, Reply
from common.text import CUT, after_colon, day, fold, number, source_label
from knowledge import KnowledgeBase, shipped
from knowledge.models import Definition
from rules import LABELS, ProfileError, Result, evaluate, parse_profile
from rules.engine import not_yet
from rules.params import shipped as shipped_params
from rules.summary import criterion_line, to_markdown, verdict_label

IDLE, FORM, CLARIFY, QUIZ = "idle", "form", "clarify", "quiz"
PERSONAL_INTENT = "simulation.eligibilite"
# FAQ entries whose question, asked about oneself with facts given, is answered by the rules core.
PERSONAL_TOPICS = {"eligibilite.conditions", "eligibilite.secteur", "eligibilite.specialites",
                   "eligibilite.chirurgiens", "eligibilite.seuil_activite", "eligibilite.cas_particuliers"}
EXACT_PERCENTILE = "Votre CPAM ou le simulateur d'ameli.fr vous donne votre percentile exact."
# The entry of the cases the rules core does not model (a mixed hospital / liberal activity: an adapted contract).
SPECIAL_CASES = "eligibilite.cas_particuliers"
# Entries a story telling the doctor's facts draws, whatever its question asks: the eligibility entries, and the second
# assistant (« secteur 2 » told in a letter reads near « second »).
STORY_PULLS = PERSONAL_TOPICS | {"convention2024.second_assistant"}
FOLLOW_UP = re.compile(r"^(?:et|mais|sinon|pour|en)\b")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
LAST_SENTENCE = 300   # characters of a cut message's last sentence that are answered
MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~])")   # the doctor's words quoted in an answer: shown, never read as marks
# Part time said without naming an option (« temps partiel », « 1/2 temps »): the one open option below full time
INTRO = ("Je réponds aux questions sur l'**aide à l'emploi d'un assistant médical** (missions, profils, formation, "
         "options et montants, éligibilité, centres de santé, chiffres, débats) et je calcule votre éligibilité et "
         "votre aide année par année.")
PART_TIME = re.compile(r"\b(?:temps partiel|1/2 (?:temps|poste)|demi poste)\b")


def english(norm: str) -> bool:
    """A question written in English (most of its words are English function words): answered « in French »."""
    words = norm.split()
    return len(words) >= 3 and sum(w in vocabulary().english for w in words) * 2 >= len(words)


@dataclass
class State:
    mode: str = IDLE
    profile: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)   # profiles before each change, for « retour »
    skipped: set[str] = field(default_factory=set)
    asking: str | None = None
    candidates: list[str] = field(default_factory=list)
    last_intent: str | None = None
    last_question: str = ""
    result: Result | None = None
    quiz_index: int = 0
    quiz_score: int = 0
    wants_cost: bool = False      # the doctor asked what it costs: results then show it (chatbot/budget.py)


@cache
def _commands() -> dict[str, str]:
    """Each command's words, normalised once (they were normalised again at every turn: ~8 ms of it)."""
    found: dict[str, str] = {}
    for name, words in vocabulary().commands.items():
        for word in words:
            found.setdefault(normalize(word), name)
    return found


def _hello(norm: str) -> str | None:
    """The greeting a message opens with, to return in kind (« Bonsoir » to « bonsoir »), or None."""
    first = norm.split()[0] if norm else ""
    if _commands().get(first) != "salutation":
        return None
    return "Bonsoir" if first == "bonsoir" else "Bonjour"


_TOOLS: list[tuple[KnowledgeBase, Renderer, Lookups]] = []


def _tools(kb: KnowledgeBase) -> tuple[Renderer, Lookups]:
    """The renderer and look-ups of the last knowledge base used, shared by its sessions: their caches (task and
    country names normalised) were built again by every new session (`amguide eval`: one per question)."""
    if not _TOOLS or _TOOLS[0][0] is not kb:
        renderer = Renderer(kb, shipped_params())
        _TOOLS[:] = [(kb, renderer, Lookups(kb, renderer.params, renderer))]
    return _TOOLS[0][1], _TOOLS[0][2]


class Session:
    def __init__(self, on: dt.date | None = None, kb: KnowledgeBase | None = None,
                 matcher: Matcher | None = None) -> None:
        self.kb = kb or shipped()
        self.matcher = matcher or shipped_matcher()
        self.renderer, self.lookups = _tools(self.kb)
        self.on = on or dt.date.today()
        self.state = State()
        self.said = ""                      # the last command's words, normalised (« bonsoir » is greeted in kind)
        self.said_year: int | None = None   # this turn gave a year of signature and no month (« signé en 2019 »)
        self.said_regime: tuple[str, dt.date] | None = None   # … or a past regime and no date (« sous l'avenant 7 »)
        self.said_band: tuple[float, float] | None = None   # this turn gave a band of percentiles (« entre P90 et P95 »)
        self.said_above: int | None = None   # … or a bound its activity exceeds (« au-dessus du P30 »)

    # ------------------------------------------------------------------ entry point
    def handle(self, text: str) -> Reply:
        """One turn. Never raises on input: anything typed gets a French Reply. An answer for a day before the
        aid existed (`amguide ask --date 2018-01-01`) first says so: its figures are those of later texts."""
        reply = self._turn(text)
        notice = not_yet(self.on)
        if notice and reply.status == "answer" and reply.intent != PERSONAL_INTENT and not reply.notice:
            reply = Reply(**{**reply.__dict__, "text": f"_{notice} Ce qui suit décrit le dispositif tel qu'il a existé depuis._\n\n{reply.text}",
                                 "notice": notice})
        return reply

    def _turn(self, text: str) -> Reply:
        raw = clean(text if isinstance(text, str) else str(text))
        if not raw:
            return self._reply("info", "Je n'ai rien reçu : posez une question, ou tapez « aide ».",
                               quick=self._starters())
        if CUT in raw and len(raw) >= MAX_CHARS // 2:
            return self._cut(raw)
        norm = normalize(raw)
        command = self._command(norm)
        if command:
            return command
        chapter = self._chapter(norm)
        if chapter:
            return chapter
        if self.state.mode == QUIZ:
            return self._quiz_answer(raw, norm)
        if self.state.mode == CLARIFY:
            chosen = self._clarify_choice(raw, norm)
            if chosen:
                return chosen
        found = entities.extract(norm)
        self.said_year = entities.signed_year(norm) if "signature_date" in found else None
        self.said_regime = entities.past_regime(norm) if "signature_date" in found and not self.said_year else None
        self.said_band = entities.percentile_band(norm) if "percentile" in found else None
        self.said_above = entities.percentile_above(norm) if "percentile" in found and not self.said_band else None
        if budget.asks_cost(norm) and (self.state.profile or routing.facts(found) or "option" in found):
            return self._cost(raw, found)
        if self.state.profile and budget.assumptions_said(raw):
            return self._assumption(raw, found)
        if self.state.mode == FORM:
            return self._form_turn(raw, norm, found)
        return self._idle_turn(raw, norm, found)

    def _cut(self, raw: str) -> Reply:
        """A message too long, cut in its middle (common.text.bounded): its last sentence answered (the question
        that usually follows a pasted text), and the doctor told what was read."""
        last = SENTENCE_END.split(raw.rpartition(CUT)[2].strip())[-1][-LAST_SENTENCE:]
        reply = self.handle(last)
        quoted = " (« " + MARKDOWN.sub(r"\\\1", last) + " »)" if len(last) <= 120 else ""
        note = (f"_Votre message dépassait {number(MAX_CHARS)} caractères : j'en ai gardé le début et la fin, et je "
                f"réponds à sa dernière phrase{quoted}. Pour une réponse plus sûre, posez votre question seule._")
        return Reply(**{**reply.__dict__, "text": f"{note}\n\n{reply.text}"})

    def prepare(self, text: str) -> None:
        """What a question will need, computed before it is sent (the chat calls this while the doctor types, in a
        worker; the conversation's state is only read): its sentence vector."""
        raw = clean(text if isinstance(text, str) else str(text))
        if raw:
            self.matcher.prepare(normalize(raw))

    # ------------------------------------------------------------------ commands
    def _command(self, norm: str) -> Reply | None:
        name = _commands().get(norm)
        if name is None:
            return None
        self.said = norm
        return getattr(self, f"_cmd_{name}")()

    def _cmd_aide(self) -> Reply:
        text = (f"{INTRO}\n\n"
                "Commandes : **simulation** (calculer votre aide), **résumé** (votre profil), **pourquoi** "
                "(l'origine des chiffres), **retour** (annuler la dernière modification du profil), **recommencer**, "
                "**quiz** (pré-test de la soirée de formation), **programme** (chapitres de la soirée).")
        return self._reply("info", text, quick=self._starters())

    def _cmd_salutation(self) -> Reply:
        """A greeting alone is greeted back, with what amguide does (it was declined as an unknown question)."""
        return self._social(f"{_hello(self.said) or 'Bonjour'} ! {INTRO}\n\nPosez votre question, par exemple « que peut faire un assistant "
                            "médical ? », ou décrivez votre situation (« généraliste secteur 1 au P60, éligible ? »).")

    def _cmd_merci(self) -> Reply:
        return self._social("Avec plaisir. Une autre question ?")

    def _cmd_au_revoir(self) -> Reply:
        return self._social("Au revoir, et bonne continuation !")

    def _social(self, text: str) -> Reply:
        """A word of politeness answered in kind; in the middle of the form, the pending question follows. No
        question about the aid was asked: to the contract it is a decline (`fallback`), worded as a reply."""
        reply = self._reply("fallback", text, quick=self._starters())
        return self._resume(reply, self.state.asking) if self.state.mode == FORM else reply

    def _cmd_recommencer(self) -> Reply:
        self.state = State()
        return self._reply("info", "C'est reparti : nouvelle conversation, profil effacé.", quick=self._starters())

    def _cmd_retour(self) -> Reply:
        if not self.state.history:
            return self._reply("info", "Rien à annuler.")
        restored = self.state.history.pop()
        # say what was undone: one message may have set several facts, and the last reply may have changed none
        undone = {k: v for k, v in self.state.profile.items() if restored.get(k) != v}
        self.state.profile = restored
        self.state.skipped.clear()
        self.state.mode = FORM if self.state.profile else IDLE
        said = f" : {form().describe_all(undone)}" if undone else ""
        return self._next_step(prefix=f"Dernière modification du profil annulée{said}.")

    def _cmd_pourquoi(self) -> Reply:
        if self.state.last_intent == budget.COST_INTENT and self.state.profile:
            return self._reply("info", budget.explain(self.state.profile, self.on)
                               or personal_answers.why(self.state.result, self.state.profile))
        if self.state.result is not None:
            # the sources are listed in the text, numbered, each once (not repeated under it)
            return self._reply("info", personal_answers.why(self.state.result, self.state.profile))
        entry = self.kb.by_id.get(self.state.last_intent or "")
        if entry is not None:
            lines = [f"- {source_label(s)}" + (f" — {s['url']}" if s["url"] else "")
                     for s in self._sources(entry.sources)]
            return self._reply("info", f"La réponse « {entry.title} » s'appuie sur :\n\n" + "\n".join(lines),
                               sources=self._sources(entry.sources))
        return self._reply("info", "Posez d'abord une question ou lancez une simulation : je vous dirai d'où "
                                   "viennent les chiffres.")

    def _cmd_resume(self) -> Reply:
        if not self.state.profile:
            return self._reply("info", "Votre profil est vide : tapez « simulation » pour commencer.")
        lines = [f"- **{LABELS.get(k, k)}** : {self.shown(k, v)}" for k, v in self.state.profile.items()]
        text = "### Votre profil\n\n" + "\n".join(lines)
        if self.state.result is not None:
            text += f"\n\n**{verdict_label(self.state.result)}**"
        return self._reply("info", text)

    def _cmd_simulation(self) -> Reply:
        self.state.mode = FORM
        if "structure" not in self.state.profile and not self.state.profile:
            return self._question("structure")
        return self._next_step()

    def _cmd_quiz(self) -> Reply:
        if not self.kb.evening:
            return self._reply("info", "Aucun quiz n'est disponible.")
        self.state.mode, self.state.quiz_index, self.state.quiz_score = QUIZ, 0, 0
        return self._quiz_question(prefix=f"Quiz de la soirée : {len(self.kb.evening.quiz)} questions. Répondez par le "
                                          "numéro ou les mots de votre choix (« stop » pour arrêter).")

    def _cmd_programme(self) -> Reply:
        return self._faq("soiree.programme", 1.0, "programme")

    # ------------------------------------------------------------------ idle: FAQ or personal question
    def _idle_turn(self, raw: str, norm: str, found: dict[str, Any]) -> Reply:
        definition = definitions.find(norm)
        if definition is not None:
            return self._define(definition, self._match(raw, norm), raw)
        if self._asks_own_commitment(norm, found):
            return self._apply(found, focus="commitment")   # « cb de patients en plus pour moi avec 850 ? »
        if (routing.MIXED.search(norm) and routing.facts(found) and SPECIAL_CASES in self.kb.by_id
                and not routing.NOT_RULES.search(norm)):
            return self._faq(SPECIAL_CASES, 1.0, raw)   # a mixed activity, which the rules do not model
        if self.state.profile and routing.asks_money(norm) and self._about_profile(norm, found):
            return (self._closed_option(found)
                    or self._apply(found, start_form=True, focus="money"))   # « combien je touche au total à mi-temps ? »
        if (routing.is_situation(norm, found) or routing.is_contract(norm, found)
                or routing.is_statement(raw, norm, found)):
            return self._apply(found, start_form=True, focus=self._focus(norm))
        match = self._match(raw, norm)
        if match.status == "answer" and routing.asks_other(norm) and (match.best.intent in STORY_PULLS
                                                                     or self._tells_doctor(found)):
            match = self._question_alone(raw, match, surer=match.best.intent not in STORY_PULLS)
        best = match.best
        facts = routing.facts(found)
        plain = not routing.NOT_RULES.search(norm) and not routing.asks_other(norm)
        first_person = routing.strong_facts(found) and routing.FIRST_PERSON.search(norm) is not None and plain
        # A question the matcher declines because a declined topic wins (« un orthoptiste dans mon cabinet
        # d'ophtalmo ? ») is not about the doctor's aid, whatever facts it names.
        declined = match.status == "fallback" and best is not None and best.intent == OUT_OF_SCOPE
        unsure = match.status != "answer" and not declined
        # The matcher knowing no entry is not enough when a lone fact comes with a question about something else
        # (« suis-je obligé de faire des gardes en tant que généraliste ? »): it must ask about the aid.
        unknown = match.status == "fallback" and not declined and (len(facts) >= 2 or routing.ASKS.search(norm))
        about_me = (self.state.profile or unknown
                    or (best and best.intent in PERSONAL_TOPICS) or (len(facts) >= 2 and unsure))
        # « endocrino secteur 2 non optam ? »: a profile told tersely, that no entry answers
        described = len(facts) >= 2 and plain and unsure
        if (first_person and about_me) or described:
            return self._apply(found, start_form=True)
        chosen = self._option_said(norm, found)
        if chosen and len(norm.split()) <= 5 and not definitions.asks_definition(norm):
            return self._apply({**found, "option": chosen})   # « mi temps » after « dites-moi l'option… »
        if found and self.state.result is not None and (FOLLOW_UP.match(norm) or match.status != "answer"):
            return self._apply(found, start_form=True)       # « et en temps plein ? » after a result
        looked = self.lookups.find(norm, self.on)
        if looked is not None:
            return self._looked_up(looked, raw)
        return self._answer(match, raw)

    @staticmethod
    def _focus(norm: str) -> str:
        """What a situation asks besides eligibility: the money, or the commitment."""
        if routing.asks_money(norm):
            return "money"
        return "commitment" if routing.asks_commitment(norm) else ""

    def _looked_up(self, looked: Lookup, raw: str) -> Reply:
        """One row of a table (thesis task, country, amounts): quoted, under the entry it refines."""
        self.state.last_intent, self.state.last_question = looked.intent, raw
        entry = self.kb.by_id.get(looked.intent)
        related = tuple(self.kb.by_id[r].title for r in entry.related if r in self.kb.by_id) if entry else ()
        return self._reply("answer", looked.text, intent=looked.intent, confidence=1.0,
                           sources=self._sources(looked.kb_sources) + looked.sources, suggestions=related)

    def _option_said(self, norm: str, found: dict[str, Any]) -> str | None:
        """After a result, a turn that only names an option (« mi temps », « tps plein », « 1/3 temps », « temps
        partiel »): the doctor choosing it, as the answer invites (« dites-moi l'option qui vous intéresse »)."""
        if self.state.result is None or set(found) - {"option"}:
            return None
        if "option" in found:
            return found["option"]
        if not PART_TIME.search(norm):
            return None
        part = [o.option for o in self.state.result.options if o.available and o.years and o.option != "temps_plein"]
        return part[0] if len(part) == 1 else None

    def _closed_option(self, found: dict[str, Any]) -> Reply | None:
        """« combien pour un tiers-temps ? » once a profile exists, the option being closed to the doctor's contract:
        its figures (contracts in progress) are given, and the simulation keeps the doctor's own option — a question
        about a closed option does not silently replace it."""
        said = found.get("option")
        if set(found) != {"option"} or said == self.state.profile.get("option"):
            return None
        profile = {**self.state.profile, "option": said}
        result = evaluate(parse_profile(profile), on=self.on)
        option = result.option(said)
        if option is None or option.available or result.eligible == "no":
            return None
        kept = self.state.profile.get("option")
        keeps = (f"votre simulation garde l'option {self.shown('option', kept)}" if kept
                 else "votre simulation reste sans option choisie")
        note = (f"_L'option {option.label.lower()} n'est pas ouverte à un contrat signé le {day(result.signature_date)} : "
                f"{keeps}._")
        return self._reply("answer", f"{note}\n\n{personal_answers.money(result, profile)}", intent=PERSONAL_INTENT,
                           confidence=1.0, sources=personal_answers.sources(result, said))

    def _asks_own_commitment(self, norm: str, found: dict[str, Any]) -> bool:
        """« Combien de patients en plus (pour moi) ? » once a profile exists: the doctor's own commitment (a money
        word in it, « cb », does not make it a question about the aid)."""
        return bool(self.state.profile and routing.asks_commitment(norm) and self._about_profile(norm, found)
                    and (not routing.asks_money(norm) or "patient" in norm))

    def _about_profile(self, norm: str, found: dict[str, Any]) -> bool:
        """A money question about the doctor's own case: said in the first person, as a follow-up, or tersely."""
        return bool(routing.FIRST_PERSON.search(norm) or FOLLOW_UP.match(norm) or "option" in found
                    or len(norm.split()) <= 5)

    def _match(self, raw: str, norm: str) -> Match:
        """Rank the question; a short follow-up (« et pour un non-soignant ? ») borrows the last question."""
        match = self.matcher.rank(raw, norm)
        if match.status != "answer" and (asked := preamble.core(raw)) is not None:
            inner = self.matcher.rank("", asked)    # « Bonjour docteur, je me permets… ; quelles tâches… ? »
            if inner.status == "answer":
                return inner
        own_words_known = match.coverage >= self.matcher.tuning.min_coverage
        if self.state.last_question and own_words_known and (FOLLOW_UP.match(norm) or len(norm.split()) <= 4):
            combined = self.matcher.rank("", normalize(self.state.last_question) + " " + norm)
            if combined.status == "answer" and (match.status != "answer" or
                                                combined.best.confidence > match.best.confidence):
                return combined
        return match

    @staticmethod
    def _tells_doctor(found: dict[str, Any]) -> bool:
        """A liberal doctor's sector or OPTAM told: a story whose words draw entries of their own (« secteur 2 » reads
        near « second », « 2 »), not what is asked (a centre's or a case's story says what the question is about)."""
        return bool({"sector", "optam"} & set(found)) and "structure" not in found

    def _question_alone(self, raw: str, match: Match, surer: bool = False) -> Match:
        """A letter whose story tells the doctor's facts (« rhumatologue en secteur 1, je vous écris… : qui a signé
        l'aide ? ») draws the eligibility entries, though it asks something else: its question alone, if answered
        (and, when `surer`, more surely than the whole)."""
        asked = preamble.core(raw, story_terms=False)
        inner = self.matcher.rank("", asked) if asked is not None else None
        if inner is None or inner.status != "answer" or surer and inner.best.confidence <= match.best.confidence:
            return match
        return inner

    def _answer(self, match: Match, raw: str) -> Reply:
        if match.status == "answer":
            self.state.last_question = raw
            return self._faq(match.best.intent, match.best.confidence, raw)
        if match.status == "clarify":
            options = [c for c in match.candidates if c.intent in self.kb.by_id][:3]
            if not options:
                return self._fallback(normalize(raw))
            self.state.mode, self.state.candidates = CLARIFY, [c.intent for c in options]
            self.state.last_question = raw
            lines = "\n".join(f"{i}. {c.title}" for i, c in enumerate(options, 1))
            return self._reply("clarify", f"Vouliez-vous dire… ?\n\n{lines}", confidence=options[0].confidence,
                               quick=tuple(QuickReply(c.title, c.title) for c in options),
                               candidates=tuple({"intent": c.intent, "title": c.title, "confidence": c.confidence}
                                                for c in options))
        return self._fallback(normalize(raw))

    def _fallback(self, norm: str = "") -> Reply:
        if english(norm):
            return self._reply("fallback", "Je réponds en français : posez votre question en français, par exemple "
                                           "« combien touche-t-on pour un assistant à mi-temps ? ».",
                               quick=self._starters())
        text = ("Je ne peux pas répondre à cette question : je ne traite que de l'**aide à l'emploi d'un assistant "
                "médical** (missions, profils et formation, options et montants, éligibilité, centres de santé, "
                "chiffres, débats). Essayez par exemple une des questions ci-dessous, ou tapez « aide ».")
        hello = _hello(norm)
        if hello:   # « bonjour, tu fais quoi ce week-end ? »: greeted back, then declined
            text = f"{hello} ! {text}"
        return self._reply("fallback", text, quick=self._starters())

    def _faq(self, intent: str, confidence: float, question: str) -> Reply:
        entry = self.kb.by_id[intent]
        self.state.last_intent = intent
        if self.state.mode == CLARIFY:
            self.state.mode = IDLE
        text = self.renderer.render(entry.answer, self.on, question).strip()
        if entry.valid_from and self.on < entry.valid_from:
            text += f"\n\n_Au {day(self.on)}, cette règle (en vigueur depuis le {day(entry.valid_from)}) ne s'appliquait pas encore._"
        if entry.valid_until and self.on > entry.valid_until:
            text += f"\n\n_Cette règle ne s'applique plus depuis le {day(entry.valid_until)}._"
        related = tuple(self.kb.by_id[r].title for r in entry.related if r in self.kb.by_id)
        return self._reply("answer", text, intent=intent, confidence=confidence,
                           sources=self._sources(entry.sources), suggestions=related)

    def _clarify_choice(self, raw: str, norm: str) -> Reply | None:
        intents = self.state.candidates
        number = entities.first_number(norm)
        if norm.isdigit() and number is not None and 1 <= number <= len(intents):
            return self._faq(intents[int(number) - 1], 1.0, self.state.last_question)
        for intent in intents:
            if fold(raw).strip(" ?") == fold(self.kb.by_id[intent].title).strip(" ?"):
                return self._faq(intent, 1.0, self.state.last_question)
        self.state.mode = IDLE
        if entities.yes_no(norm) is False and len(norm.split()) <= 3:
            return self._reply("info", "D'accord : reformulez votre question avec d'autres mots, par exemple "
                                       "« combien d'heures de formation pour une infirmière ? ».",
                               quick=self._starters())
        return None

    # ------------------------------------------------------------------ the simulation form
    def _form_turn(self, raw: str, norm: str, found: dict[str, Any]) -> Reply:
        asking = self.state.asking
        if definitions.asks_definition(norm):   # « c'est quoi l'OPTAM déjà ? »: a side question, not an answer
            definition = definitions.find(norm)
            if definition is not None:
                return self._resume(self._define(definition), asking)
            return self._side_question(raw, norm, asking)
        if not routing.facts(found) and self._asks_own_commitment(norm, found):
            return self._apply(found, focus="commitment")
        if self.state.profile and routing.asks_money(norm) and not routing.facts(found) and self._about_profile(norm, found):
            return self._apply(found, focus="money")
        if asking:
            value = self._slot_value(asking, raw, norm, found)
            if isinstance(value, Reply):
                return value
            if value is not None:
                found = {**found, asking: value} if asking not in found else found
            elif entities.dont_know(norm) and asking not in found:
                self.state.skipped.add(asking)
                return self._next_step(prefix="D'accord, on continue sans cette information.")
        if found:
            return self._apply(found)
        return self._side_question(raw, norm, asking)

    def _side_question(self, raw: str, norm: str, asking: str | None) -> Reply:
        """A question asked in the middle of the form: answered, then the pending question is asked again."""
        match = self._match(raw, norm)
        if match.status == "answer":
            return self._resume(self._faq(match.best.intent, match.best.confidence, raw), asking)
        hint = f" {self._slot(asking).hint}" if asking and self._slot(asking) else ""
        pending = self._question(asking) if asking else self._next_step()
        return Reply(**{**pending.__dict__, "text": f"Je n'ai pas compris votre réponse.{hint}\n\n{pending.text}"})

    def _resume(self, answer: Reply, asking: str | None) -> Reply:
        """`answer`, followed by the form's pending question."""
        pending = self._question(asking) if asking else None
        if pending is None:
            return answer
        return Reply(**{**answer.__dict__, "text": answer.text + f"\n\n---\n\nReprenons la simulation : {pending.text}",
                        "quick_replies": pending.quick_replies, "asking": asking, "status": "answer"})

    def _define(self, definition: Definition, match: Match | None = None, raw: str = "") -> Reply:
        """A term of the lexicon defined, with its sources and the entry that says more; when the question
        is also answered by that very entry, the definition leads the entry's answer."""
        if match is not None and match.status == "answer" and match.best.intent == definition.see:
            faq = self._faq(match.best.intent, match.best.confidence, raw)
            sources = tuple({s["title"]: s for s in (*self._sources(definition.sources), *faq.sources)}.values())
            return Reply(**{**faq.__dict__, "text": f"{definition.text}\n\n{faq.text}", "sources": sources})
        entry = self.kb.by_id.get(definition.see or "")
        self.state.last_intent = entry.id if entry else None
        if self.state.mode == CLARIFY:
            self.state.mode = IDLE
        return self._reply("answer", definition.text, intent=f"lexique.{definition.id}", confidence=1.0,
                           sources=self._sources(definition.sources), suggestions=(entry.title,) if entry else ())

    def _slot(self, name: str | None) -> Slot | None:
        return form().slots.get(name) if name else None

    def _slot_value(self, name: str, raw: str, norm: str, found: dict[str, Any]) -> Any:
        """The answer to the pending question, read in the way that question expects (or a Reply asking
        where a number that cannot answer it belongs)."""
        if name == "option" and "option" not in found and self.state.result is not None:
            said = self._option_said(norm, found)
            if said:
                return said
        value = read_answer(name, raw, norm, found)
        if name == "percentile" and name not in found and isinstance(value, float) and value > 100 and value.is_integer():
            return self._which_count(int(value))
        return value

    def _which_count(self, count: int) -> Reply:
        """A number too big for a percentile is likely a patient count: ask which one, never drop it."""
        shown = number(count)
        text = (f"« {shown} » ne peut pas être un percentile (il va de 0 à 100). S'agit-il de votre patientèle "
                "médecin traitant ou de votre file active ? Votre percentile, lui, vous est donné par votre CPAM "
                "ou le simulateur d'ameli.fr.")
        quick = (QuickReply(f"{shown} patients médecin traitant", f"{count} patients médecin traitant"),
                 QuickReply(f"File active de {shown} patients", f"file active de {count} patients"),
                 QuickReply("Je ne sais pas", "je ne sais pas"))
        return self._reply("form", text, asking="percentile", quick=quick, intent=PERSONAL_INTENT)

    def _apply(self, found: dict[str, Any], start_form: bool = False, focus: str = "") -> Reply:
        """Add what the doctor said to the profile (validated), say back what was understood (and what could
        not be kept, and why), then show the result or ask what is missing."""
        notes = []
        try:
            parse_profile({**self.state.profile, **found})
        except ProfileError as exc:
            bad = [f for f in exc.fields if f in found]
            notes.append(refused([(f, found[f], m) for f, m in zip(exc.fields, exc.messages) if f in bad]))
            found = {k: v for k, v in found.items() if k not in bad}
        changed = {k: v for k, v in found.items() if self.state.profile.get(k) != v}
        if changed:
            self._remember()
            corrected = {k: v for k, v in changed.items() if k in self.state.profile}
            added = {k: v for k, v in changed.items() if k not in corrected and k != self.state.asking}
            self.state.profile.update(changed)
            self.state.skipped.difference_update(changed)
            if corrected:
                notes.insert(0, "C'est corrigé : " + form().describe_all(corrected) + ".")   # « option tiers-temps »
            if added:
                notes.insert(0, "J'ai compris : " + form().describe_all(added) + ".")
            if "signature_date" in changed and self.said_year:
                assumed = day(dt.date.fromisoformat(changed["signature_date"]))
                notes.append(f"Vous m'avez donné l'année ({self.said_year}), pas le jour : je calcule pour un contrat "
                             f"signé le {assumed}. Donnez le mois si vous le connaissez : il fixe la date anniversaire "
                             "du contrat, donc l'année à partir de laquelle une revalorisation s'applique.")
            if "signature_date" in changed and self.said_regime and not self.said_year:
                notes.append(f"Vous m'avez donné le texte ({self.said_regime[0]}), pas la date : je calcule pour un contrat "
                             f"signé le {day(self.said_regime[1])}, son premier jour d'application.")
            if "percentile" in changed and self.said_band:
                low, high = (number(x, 0 if x.is_integer() else 1) for x in self.said_band)
                notes.append(f"Vous m'avez donné une tranche (entre le {low}e et le {high}e percentile) : je calcule au "
                             f"{low}e, son bas. {EXACT_PERCENTILE}")
            if "percentile" in changed and self.said_above is not None:
                notes.append(f"Vous m'avez dit « au-dessus du {self.said_above}e percentile » : je calcule au "
                             f"{self.said_above + 1}e, le premier au-dessus. {EXACT_PERCENTILE}")
        if start_form or self.state.mode == FORM:
            self.state.mode = FORM
        return self._next_step(prefix="\n\n".join(notes), personal=True, focus=focus, verdict=start_form)

    def _remember(self) -> None:
        self.state.history.append(dict(self.state.profile))

    def _next_step(self, prefix: str = "", personal: bool = False, focus: str = "", verdict: bool = False) -> Reply:
        """Evaluate the profile; ask the first missing field, or give the result (or, for a money question,
        the aid of the doctor's own option). A situation told in one sentence (`verdict`) first gets where its
        facts leave it."""
        profile = parse_profile(self.state.profile)
        result = evaluate(profile, on=self.on)
        self.state.result = result
        pending = [m for m in result.missing if m not in self.state.skipped]
        head = f"{prefix}\n\n" if prefix else ""
        option = self.state.profile.get("option")
        if pending and result.eligible != "no":
            question = self._question(pending[0])
            partial = self._partial(result) if personal and len(self.state.profile) > 1 else ""
            if focus == "money":
                partial = personal_answers.money(result, self.state.profile) + "\n\nPour confirmer : "
            else:
                if personal and option and result.option(option):
                    partial += f"Si votre éligibilité se confirme : {personal_answers.option_line(result, option)}\n\n"
                if personal and result.objectives.summary and (
                        focus == "commitment" or {"age", "newly_installed"} & set(self.state.profile)):
                    partial += (personal_answers.commitment_answer(result, option) if focus == "commitment"
                                else f"**Votre engagement** : {personal_answers.commitment(result, option)}") + "\n\nPour le reste : "
            if verdict:
                listed = partial and focus != "money"     # the money answer lists no criterion
                partial = personal_answers.verdict(result, rules=not listed, option=option) + partial
            asked = after_colon(question.text) if partial.endswith(": ") else question.text   # « Pour le reste : où… »
            return Reply(**{**question.__dict__, "text": head + partial + asked, "result": result,
                            "intent": PERSONAL_INTENT if personal else question.intent})
        self.state.mode, self.state.asking = IDLE, None
        more = ""
        if result.missing:
            more = ("\n\nPour affiner : " + ", ".join(LABELS.get(m, m) for m in result.missing)
                    + " (dites-le-moi quand vous voulez).")
        if focus == "money":   # the verdict first: « suis-je éligible ? cb ? » gets both, in the conversation
            body = personal_answers.verdict(result, option=option) + personal_answers.money(result, self.state.profile)
        elif focus == "commitment" and result.eligible != "no":
            body = personal_answers.commitment_answer(result, option)
        else:
            body = to_markdown(result)
            shut = personal_answers.closed(result, option) if result.eligible == "yes" else ""
            if shut:   # « ✅ Éligible », but not with the option chosen
                verdict_line, _, rest = body.partition("\n\n")
                body = f"{verdict_line}\n\n**Mais {shut}**\n\n{rest}"
            if option and result.eligible != "no" and result.option(option):
                body += f"\n\n### Votre option\n\n{personal_answers.option_line(result, option)}"
        text = head + body + more
        if self.state.wants_cost:
            self.state.last_intent = budget.COST_INTENT
            text += budget.section(self.state.profile, self.on, result)
        text += "\n\nTapez « pourquoi » pour l'origine de chaque chiffre."
        return self._reply("result", text, intent=PERSONAL_INTENT, confidence=1.0, result=result,
                           sources=personal_answers.sources(result, option),
                           suggestions=("Pourquoi ces montants ?", "À quoi dois-je m'engager ?",
                                        "Qui peut devenir assistant médical ?"))

    def _cost(self, raw: str, found: dict[str, Any]) -> Reply:
        """« Combien ça me coûte ? » for the doctor's profile (plus the facts of this sentence); asks for the
        option when none is chosen."""
        cost = budget.turn(self.state.profile, raw, self.on, found)
        noted = self._note(cost.changes)
        self.state.last_intent, self.state.wants_cost = budget.COST_INTENT, True
        if cost.ask_option:
            self.state.mode, self.state.asking = FORM, "option"
            return self._reply("form", noted + cost.text, quick=cost.quick, asking="option")
        result = evaluate(parse_profile(self.state.profile), on=self.on)
        self.state.result = result
        return self._reply("result", noted + cost.text, intent=budget.COST_INTENT, confidence=1.0, result=result)

    def _assumption(self, raw: str, found: dict[str, Any]) -> Reply:
        """A cost assumption stated once a profile exists (« je la paierai 2 100 € brut par mois », « cotisations
        45 % »): noted, echoed and the cost shown; in the middle of the form, its pending question follows."""
        asking = self.state.asking if self.state.mode == FORM else None
        if asking is None:
            return self._cost(raw, found)
        cost = budget.turn(self.state.profile, raw, self.on)
        self.state.wants_cost = True
        noted = self._note(cost.changes)   # before the pending question: its reply carries the profile as it is now
        pending = self._question(asking)
        return Reply(**{**pending.__dict__, "text": (noted or cost.text + "\n\n") + pending.text})

    def _note(self, changes: dict[str, Any]) -> str:
        """Keep what changed in the profile and say it back (« C'est noté : salaire brut de 2 100 €… »), or ''."""
        changed = {k: v for k, v in changes.items() if self.state.profile.get(k) != v}
        if not changed:
            return ""
        self._remember()
        self.state.profile.update(changed)
        return f"C'est noté : {form().describe_all(changed)}.\n\n"

    def _partial(self, result: Result) -> str:
        if not any(c.status != "unknown" for c in result.criteria):
            return ""
        return "\n".join(criterion_line(c) for c in result.criteria) + "\n\n"

    def _question(self, name: str) -> Reply:
        self.state.mode, self.state.asking = FORM, name
        slot = self._slot(name)
        if slot is None and name == "structure":   # the form's opening question (« Vous êtes… »), asked again too
            start = form().start
            return self._reply("form", start.question, asking=name,
                               quick=tuple(QuickReply(label, label) for label in start.choices))
        text = self.renderer.render(slot.question, self.on) if slot else LABELS.get(name, name) + " ?"
        labels = tuple(slot.choices) if slot and slot.choices else (slot.quick if slot else ())
        return self._reply("form", text, asking=name, quick=tuple(QuickReply(label, label) for label in labels))

    # ------------------------------------------------------------------ programme chapters (training evening)
    def _chapter(self, norm: str) -> Reply | None:
        """« chapitre 3 », or « 3 » just after the programme: that chapter of the evening, with its topics."""
        steps = self.kb.evening.programme if self.kb.evening else ()
        found = re.fullmatch(r"(?:(chapitre|partie|etape)\s*)?(\d{1,2})", norm)
        after_programme = self.state.mode == IDLE and self.state.last_intent == "soiree.programme"
        if not found or not steps or not (found.group(1) or after_programme) or self.state.mode == FORM:
            return None
        index = int(found.group(2))
        if not 1 <= index <= len(steps):
            return self._reply("info", f"Le programme compte {len(steps)} chapitres : choisissez un numéro de 1 à "
                                       f"{len(steps)}.")
        step = steps[index - 1]
        topics = [self.kb.by_id[t] for t in step.topics if t in self.kb.by_id]
        head = f"### Chapitre {index} / {len(steps)} — {step.step}\n\n_{step.detail}_"
        if not topics:
            reply = self._reply("info", head + "\n\nTapez « quiz » pour le pré-test.", intent="soiree.programme")
        else:
            first = self._faq(topics[0].id, 1.0, topics[0].title)   # under its question: a key point, not a reply
            reply = Reply(**{**first.__dict__, "text": f"{head}\n\n#### {topics[0].title}\n\n{first.text}",
                             "suggestions": tuple(dict.fromkeys((*(t.title for t in topics[1:]), *first.suggestions[:1])))})
        self.state.last_intent = "soiree.programme"
        following = (QuickReply(f"Chapitre {index + 1}", f"chapitre {index + 1}"),) if index < len(steps) else ()
        return Reply(**{**reply.__dict__, "quick_replies": following})

    # ------------------------------------------------------------------ quiz (training evening)
    def _quiz_question(self, prefix: str = "") -> Reply:
        quiz = self.kb.evening.quiz
        if self.state.quiz_index >= len(quiz):
            self.state.mode = IDLE
            score, total = self.state.quiz_score, len(quiz)
            return self._reply("info", f"{prefix}\n\nQuiz terminé : **{score} / {total}** bonnes réponses.".strip(),
                               quick=self._starters())
        q = quiz[self.state.quiz_index]
        choices = "\n".join(f"{i}. {c}" for i, c in enumerate(q.choices, 1))
        text = f"{prefix}\n\n**Question {self.state.quiz_index + 1} / {len(quiz)}** — {q.question}\n\n{choices}".strip()
        return self._reply("info", text, intent="soiree.quiz",
                           quick=tuple(QuickReply(f"{i}. {c}", str(i)) for i, c in enumerate(q.choices, 1)))

    def _quiz_answer(self, raw: str, norm: str) -> Reply:
        if norm in ("stop", "arreter", "fin", "quitter"):
            self.state.mode = IDLE
            done, total, right = self.state.quiz_index, len(self.kb.evening.quiz), self.state.quiz_score
            rights, asked = ("s" if right > 1 else ""), ("s" if done > 1 else "")
            return self._reply("info", f"Quiz arrêté : {right} bonne{rights} réponse{rights} sur {done} question{asked} "
                                       f"posée{asked} (le quiz en compte {total}).", quick=self._starters())
        from chatbot import choices   # here: `amguide ask` never pays for it

        q = self.kb.evening.quiz[self.state.quiz_index]
        chosen = choices.pick(raw, norm, q.choices)   # its number or its words (« 2019 », « le médecin »)
        if chosen is None:
            match = self.matcher.rank(raw, norm) if len(norm.split()) >= 3 else None
            if match is not None and match.status == "answer" and match.best.intent != "soiree.quiz":
                faq = self._faq(match.best.intent, match.best.confidence, raw)   # a real question: answered
                pending = self._quiz_question(prefix="Reprenons le quiz (« stop » pour l'arrêter).")
                return Reply(**{**faq.__dict__, "text": faq.text + "\n\n---\n\n" + pending.text,
                                "quick_replies": pending.quick_replies})
            return self._quiz_question(prefix=f"Répondez par un numéro de 1 à {len(q.choices)} ou par les mots "
                                              f"d'un choix, ou « stop ».")
        right = chosen == q.answer
        self.state.quiz_score += right
        self.state.quiz_index += 1
        verdict = "✓ Bonne réponse." if right else f"✗ La bonne réponse était : {q.choices[q.answer]}."
        return self._quiz_question(prefix=f"{verdict} {q.explanation}")

    # ------------------------------------------------------------------ helpers
    def _reply(self, status: str, text: str, quick: tuple[QuickReply, ...] = (), **fields: Any) -> Reply:
        return Reply(status=status, text=text, quick_replies=quick, profile=dict(self.state.profile), **fields)

    def _starters(self) -> tuple[QuickReply, ...]:
        return tuple(QuickReply(s, s) for s in form().starters)

    def _sources(self, ids: tuple[str, ...]) -> tuple[dict, ...]:
        out: dict[str, dict] = {}  # each source once, by title; never an internal file name
        for source_id in ids:
            s = self.kb.sources[source_id]
            out.setdefault(s.title, {"title": s.title, "url": s.url, "date": s.date.isoformat() if s.date else None})
        return tuple(out.values())

    @staticmethod
    def shown(field_name: str, value: Any) -> str:
        if field_name == "specialty":
            from rules import specialties
            return specialties.by_id(value).label if value in specialties.shipped().by_id else str(value)
        if field_name == "option" and f"option_{value}" in shipped_params():
            history = shipped_params()[f"option_{value}"].history   # the rules' own label: « Mi-temps »
            return next((d.value.label for d in reversed(history) if d.value is not None), str(value)).lower()
        if isinstance(value, bool):
            return "oui" if value else "non"
        slot = form().slots.get(field_name)
        labels = {v: k for k, v in slot.choices.items()} if slot and slot.choices else {}
        if isinstance(labels.get(value), str) and not (field_name == "sector" and value in ("1", "2")):
            return labels[value]            # the form's French label: « Zone d'action complémentaire (ZAC) »
        if field_name == "structure":
            return {v: k for k, v in form().start.choices.items()}.get(value, str(value))
        if isinstance(value, (int, float)):     # « 1 200 » patients, « 150,5 »
            return number(value, 0 if float(value).is_integer() else 2)
        return str(value).replace("_", " ")

    def ask(self, field_name: str) -> Reply:
        """Ask one profile field again (the UI's « modifier »)."""
        return self._question(field_name)
