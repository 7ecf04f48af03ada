"""Transfers stage: who supplies which arms to whom, when, how many, for how much, on what terms and at what stage.

A transfer is a trigger word of data/transfer_triggers.txt (sell, deliver, buy, order, a deal, military aid, an
operator, a main supplier ...) whose roles, read from the sentence's grammar (frames.py), name a supplier and a
recipient (actors.py: states, the companies and ministries that stand for them, non-state armed groups) and
whose theme names arms (a catalogued system, a designation named as a weapon, or a word for a kind of weapon).
The stage follows from the trigger, its tense and modality, negation, and the cue words around it
(data/status_cues.txt); a transfer reported by a third party's officials, or in an accusation, is alleged.
When the text names no supplier, the system's maker stated elsewhere in the text is used, else the catalogue's
(confidence 0.6). Interest, offers, talks, forecasts and hypotheticals yield nothing.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from ..model import Financing, Money, Period, Transfer, as_status
from .actors import Actor, Actors, actor_of
from .annotations import DateRef, Doc, Sentence, add_evidence, evidence, mentions_in, on_time
from .frames import Roles, is_noun, is_verb, pronoun, roles, shallow_roles
from .knowledge import is_generic, knowledge, term_category, term_pattern
from .lexicon import Trigger, civil, frame_shifts, transfer_triggers
from .numbers import NUMBER_WORDS, money_in
from .parse import parsed
from .temporal import dates_in, lead_start, same_aside


@dataclass
class Arm:
    start: int
    end: int
    family: Optional[str]
    variant: Optional[str]
    category: str
    generic: bool

    @property
    def named(self) -> bool:
        return self.family is not None


# between a system's name and its own noun: nothing, or a few lower-case words ('K9 self-propelled howitzers',
# 'Super Tucano trainer/combat aircraft')
_OWN_NOUN = re.compile(r"[\s-]*(?:(?!(?:and|or|to|from|with|for|by|in|of|as|but)\b)[a-z][\w-]*(?:/|\s+)){0,3}")


def sentence_arms(doc: Doc, sent: Sentence, classes: Optional[dict[str, tuple[str, str]]] = None) -> list[Arm]:
    """Named systems and words for kinds of weapons in a sentence; a named ship of a class the text gives is that
    class ('INS Kirpan, a Khukri-class corvette': the Khukri class, variant INS Kirpan)."""
    out = []
    for m in mentions_in(doc, sent.start, sent.end):
        if m.type == "weapon system" and m.kind == "ship" and classes and m.canonical in classes:
            family, category = classes[m.canonical]
            out.append(Arm(m.start, m.end, family, m.canonical, category, False))
        elif m.type == "weapon system":
            out.append(Arm(m.start, m.end, m.canonical, m.variant if m.variant != m.canonical else None,
                           m.category or "general", False))
    text = doc.text
    for t in term_pattern().finditer(text, sent.start, sent.end):
        if any(a.start < t.end() and t.start() < a.end for a in out):
            continue
        named = next((a for a in out if a.named and a.end <= t.start() and
                      _OWN_NOUN.fullmatch(text, a.end, t.start())), None)
        if named is not None:  # 'Redback IFVs', 'K9 self-propelled howitzers': the system's own noun
            kind = term_category(t.group(0))
            other = knowledge().catalogue.homonym(named.family, text[named.start:named.end], category=kind) \
                if kind != "general" else None
            if other:  # 'Lynx vehicles' are not the Lynx rocket launcher
                named.family, named.variant = other, None
                named.category = kind
            named.end = t.end()
            if named.category == "general":
                named.category = kind
        else:
            out.append(Arm(t.start(), t.end(), None, None, term_category(t.group(0)), is_generic(t.group(0))))
    return sorted(out, key=lambda a: a.start)


@dataclass
class Discourse:
    """What earlier sentences said that later ones refer back to."""
    actors: Actors
    origins: dict[str, str]                  # a system's maker as the text states it
    systems: list[Arm]                       # named systems so far ('the howitzers', 'it')
    last: Optional[tuple[int, list[Actor], list[Actor]]] = None   # (sentence, suppliers, recipients)
    loan: Optional[tuple] = None             # (sentence, lender, borrower, value)
    deal: Optional[tuple[int, list[str], list[Transfer]]] = None  # (sentence, parties, transfers) last found
    sentence: int = 0
    salient: Optional[Actor] = None          # who an implicit 'main supplier' supplies: the next 'it' too
    kinds: dict = field(default_factory=dict)  # category → the families of that kind the article names
    both: Optional[list] = None              # the states the article is most about (counted once)


def _ship_classes(doc: Doc) -> dict[str, tuple[str, str]]:
    """Named ships the text puts in a class: 'INS Kirpan, an indigenously built Khukri-class corvette', 'the
    Khukri-class corvette INS Kirpan' → the class family and category."""
    text = doc.text
    out: dict[str, tuple[str, str]] = {}
    ms = [m for m in doc.mentions if m.type == "weapon system"]
    for a, b in zip(ms, ms[1:]):
        ship, cls = (a, b) if a.kind == "ship" else (b, a)
        if ship.kind != "ship" or cls.kind == "ship" or "class" not in text[cls.start:cls.end].lower() + \
                cls.canonical.lower():
            continue
        between = text[a.end:b.start]
        if re.fullmatch(r",\s+(?:an?|the|its|one)\s+(?:[\w-]+\s+){0,4}", between) or \
                re.fullmatch(r"\s*(?:[a-z-]+\s+){0,3}", between):
            out.setdefault(ship.canonical, (cls.canonical, cls.category or "general"))
    return out


def transfers(doc: Doc) -> Doc:
    d = Discourse(Actors(doc), _stated_origins(doc), [])
    for m in doc.mentions:
        if m.type == "weapon system":
            d.kinds.setdefault(m.category, set()).add(m.canonical)
    classes = _ship_classes(doc)
    found: list[tuple[Transfer, bool]] = []
    for i, sent in enumerate(doc.sentences):
        on_time(doc)
        d.sentence = i
        p = parsed(doc, sent)
        frames = list(_parsed_frames(sent, p)) if p is not None else list(_shallow_frames(doc, sent))
        _note_subjects(doc, sent, p, d.actors)
        arms = _resolve_kinds(doc.text, sentence_arms(doc, sent, classes), d.systems)
        d.salient = None
        for trig, r in frames:  # a sentence without arms may still say 'it' of the system named before
            found += _transfers_of(doc, sent, trig, r, arms, d)
        if d.salient:
            d.actors.note_subject(sent.end - 1, d.salient)
        d.systems += [a for a in arms if a.named]
    _stated_suppliers(doc, [t for t, _ in found])
    doc.facts["transfers"] = _told_by_the_body(doc, _merge(found))
    return doc


def _stated_suppliers(doc: Doc, found: list[Transfer]) -> None:
    """The catalogue's maker gives way to the supplier the text states for the same system and recipient
    ('has inducted 12 Super Tucanos bought from the US'), in the transfer and in the event told with it."""
    stated: dict[tuple[Optional[str], Optional[str]], Optional[str]] = {
        (t.recipient, t.weapon): t.supplier for t in found if t.weapon and t.confidence == 1.0}
    for t in found:
        new = stated.get((t.recipient, t.weapon), t.supplier)
        if t.confidence == 1.0 or new == t.supplier:
            continue
        told = {(e.start, e.end) for e in t.evidence}
        for event in doc.trade:
            if t.supplier in event.actors and {(e.start, e.end) for e in event.evidence} & told:
                event.actors = list(dict.fromkeys(new if a == t.supplier else a for a in event.actors))
        t.supplier = new


def _told_by_the_body(doc: Doc, transfers: list[Transfer]) -> list[Transfer]:
    """A headline's transfer in the present ('Spain sends tanks to Ukraine') is the body's transfer of the same
    parties and arms, at the stage the body tells ('Spain will send …'), when the body has one; the event the
    headline alone dated goes with it."""
    lead = lead_start(doc)
    events = {id(t): evs for t, evs in doc.headline
              if all(e.start < lead for e in t.evidence)}  # (not one the body restates at that stage)
    seen: dict = {}
    out = [t for t in transfers if id(t) not in events]
    for h in (t for t in transfers if id(t) in events):
        body = next((t for t in out if (t.supplier, t.recipient, t.weapon or t.category) ==
                     (h.supplier, h.recipient, h.weapon or h.category)), None)
        if body is None:
            out.append(h)
            continue
        gone = {id(e) for e in events[id(h)]}
        doc.trade = [e for e in doc.trade if id(e) not in gone]
        add_evidence(body, h.evidence, seen)
        _fill(body, h, ("value", "quantity", "variant"))
    return sorted(out, key=lambda t: t.evidence[0].start if t.evidence else 0)


RECENT = 50   # 'the howitzers' refers to one of the systems named in about the last few paragraphs

_DEFINITE = re.compile(r"(?:\b(?:the|these|those|its|their|such)|['’]s)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _resolve_kinds(text: str, arms: list[Arm], systems: list[Arm]) -> list[Arm]:
    """'the howitzers', "Hanwha's howitzers": a kind of weapon named definitely after a named system of that
    kind is that system."""
    out = []
    for a in arms:
        if not a.named and not a.generic and _DEFINITE.search(text[max(0, a.start - 40):a.start]):
            same = [s for s in systems[-RECENT:] if s.category == a.category]
            if same:
                owner = _possessor(text, a)
                k = knowledge()
                mine = [s for s in same if owner and k.origin_of(s.family) == owner]
                counts = Counter(s.family for s in same)
                s = (mine or sorted(same, key=lambda x: counts[x.family]))[-1]
                a = Arm(a.start, a.end, s.family, None, s.category, False)
        out.append(a)
    return out


def _possessor(text: str, a: Arm) -> Optional[str]:
    """The state of "Hanwha's" in "Hanwha's howitzers"."""
    m = re.search(r"([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})['’]s?\s+(?:[\w-]+\s+){0,2}$",
                  text[max(0, a.start - 60):a.start])
    return knowledge().state_of(m.group(1)) if m else None


# ---- triggers and their roles -----------------------------------------------------------------------------

_NOMINAL = {"dobj", "pobj", "nsubj", "nsubjpass"}


def _parsed_frames(sent: Sentence, p):
    table = transfer_triggers()
    for tok in p:
        pos = "verb" if is_verb(tok) else "noun" if is_noun(tok) and tok.tag_ != "PRP" else None
        if pos == "verb" and tok.dep_ in _NOMINAL and (tok.lower_, "noun") in table and \
                not any(c.dep_ in ("nsubj", "aux", "auxpass") for c in tok.children):
            pos = "noun"  # a noun the tagger took for a verb, where the parse puts a noun ('an arms deal with')
        trig = table.get((tok.lower_, pos)) if pos else None
        if trig is None or pos is None:
            continue
        if pos == "noun" and tok.dep_ == "compound" and (tok.head.lower_, "noun") in table:
            continue  # 'arms export contract': the contract carries it
        if trig.frame == "deal" and any(c.dep_ in ("acl", "relcl", "xcomp", "advcl") and
                                        (c.lower_, "verb") in table for c in tok.children):
            continue  # 'a contract to export …': the export carries it, with the contract's other party
        shift = frame_shifts().get((tok.head.lower_, tok.lower_)) if pos == "noun" and tok.dep_ in (
            "dobj", "nsubjpass") else None
        if shift:  # 'took delivery of', 'won an order from Peru', 'awarded Hanwha a contract'
            trig = Trigger(trig.lemma, pos, *shift)
        yield trig, roles(tok, sent.start, pos)


def _shallow_frames(doc: Doc, sent: Sentence):
    from .parse import trigger_words

    table = transfer_triggers()
    anchors = [(m.start, m.end) for m in mentions_in(doc, sent.start, sent.end) if m.type != "weapon system"]
    for m in trigger_words().finditer(doc.text, sent.start, sent.end):
        w = m.group(0).lower()
        before = doc.text[max(sent.start, m.start() - 12):m.start()].lower()
        noun_like = bool(re.search(r"\b(?:the|a|an|its|their|of|arms|military|weapons?)\s+$", before))
        pos = "noun" if noun_like and (w, "noun") in table else "verb" if (w, "verb") in table else "noun"
        trig = table.get((w, pos))
        if trig:
            yield trig, shallow_roles(doc.text, (sent.start, sent.end), (m.start(), m.end()), pos, anchors)


def _note_subjects(doc: Doc, sent: Sentence, p, actors: Actors) -> None:
    """Remember the sentence's subjects, so that a later 'it' or 'the company' finds its antecedent."""
    if p is not None:
        for tok in p:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ not in ("it", "they", "which", "that", "who"):
                s = sent.start + tok.idx
                for m in mentions_in(doc, sent.start + tok.left_edge.idx, s + len(tok.text)):
                    a = actor_of(doc, m)
                    if a and m.end <= s + len(tok.text) + 1:
                        actors.note_subject(m.start, a)
                        break
        return
    for m in mentions_in(doc, sent.start, sent.end):
        a = actor_of(doc, m)
        if a and not re.search(r"\b(?:to|from|with|by|of|in)\s+(?:the\s+)?$", doc.text[max(0, m.start - 10):m.start]):
            actors.note_subject(m.start, a)
            break


# ---- roles → parties -------------------------------------------------------------------------------------

def _parties(trig: Trigger, r: Roles, A: Actors) -> tuple[list[Actor], list[Actor]]:
    """(suppliers, recipients) of a frame, by the trigger's frame type."""
    states = lambda spans: [a for a in A.in_spans(spans, groups=False) if a.is_state]  # noqa: E731
    anyone = lambda spans: A.in_spans(spans, groups=True)  # noqa: E731
    f = trig.frame
    if f in ("supply", "aid"):
        sup = states(r.subj) or states(r.agent) or states(r.poss) or states(r.prep("from")) or \
            (states(r.prep("by")) if r.pos == "noun" else []) or \
            (states(r.mods) if r.pos == "noun" else []) or states(r.inherited_subj)
        rec = anyone(r.prep("to")) or anyone(r.dative) or anyone(r.prep("for")) or anyone(r.counterparts) or \
            anyone(r.inherited_preps.get("to", []) + r.inherited_preps.get("for", []))
        if not rec and any(c.as_object == "curtailed" for c, _ in r.cues):  # 'withheld aid from Egypt'
            rec = anyone(r.inherited_preps.get("from", []))
        if not rec and r.pos == "noun" and states(r.prep("from")) and not (r.subj or r.agent or r.poss):
            # 'Mali announced the delivery of helicopters from Russia': who announces it receives
            rec = [a for a in anyone(r.inherited_subj) if a.name not in {x.name for x in sup}]
        if not rec and r.pos == "verb" and r.obj and r.prep("with"):  # 'supplied Armenia with tanks'
            rec = anyone(r.obj)
        if not rec and r.pos == "verb" and r.obj:  # 'supplying Russia's war … with shells'
            rec = [a for a in anyone(r.obj) if a.mention is not None and a.mention.kind != "origin"
                   and r.prep("with")]
        return sup, rec
    if f == "build":  # 'Navantia will build five corvettes for Saudi Arabia'
        return ([], []) if r.passive else (states(r.subj) or states(r.inherited_subj), anyone(r.prep("for")))
    if f == "acquire":
        rec = anyone(r.subj) or anyone(r.agent) or \
            (anyone(r.poss) or anyone(r.prep("by")) or states(r.mods) if r.pos == "noun" else []) or \
            anyone(r.inherited_subj) or anyone(r.holder)
        sup = states(r.prep("from")) or (states(r.prep("with")) if r.pos == "noun" else []) or states(r.counterparts)
        return sup, rec
    if f == "won":  # a maker wins an order: the customer is 'from X', 'by X', or the order's own words
        return (states(r.inherited_subj) or states(r.subj),
                anyone(r.prep("from", "by", "with")) or anyone(r.inherited_preps.get("from", [])) or anyone(r.counterparts)
                or anyone(r.poss) or states(r.mods))
    if f == "awarded":  # the customer awards the order to a maker
        return (states(r.dative) or states(r.prep("to")) or states(r.inherited_preps.get("to", [])),
                anyone(r.inherited_subj) or anyone(r.subj) or anyone(r.agent))
    if f == "equip":
        return (states(r.subj) or states(r.agent) or states(r.inherited_subj),
                anyone(r.obj) or anyone(r.subjpass) or anyone(r.dative))
    if f == "deal" and (r.prep("from") or r.prep("to")):  # 'a deal for 80 tanks from China'
        return (states(r.prep("from")) or states(r.subj + r.inherited_subj),
                anyone(r.prep("to")) or anyone(r.subj) or anyone(r.inherited_subj) or anyone(r.poss))
    if f == "deal":
        parties: list[Actor] = []
        for a in states(r.subj) + states(r.inherited_subj) + states(r.poss) + states(r.prep("with", "between")) \
                + states(r.counterparts) + states(r.mods):
            if a.name not in [p.name for p in parties]:
                parties.append(a)
        return parties, []  # sides decided with the arms' makers (_sides)
    if f == "operate":
        return [], anyone(r.subj) or anyone(r.agent) or anyone(r.inherited_subj) or anyone(r.poss)
    if f == "supplier":
        sup = states(r.predicate if r.predicate and not r.inherited_subj else r.inherited_subj) or states(r.subj) \
            or states(r.predicate)
        rec = anyone(r.poss) or anyone(r.prep("to", "of", "for"))
        return sup, rec
    if f == "partner":  # 'its arms collaboration with Israel, Belarus and Turkey'
        return states(r.prep("with")), anyone(r.poss) or anyone(r.subj) or anyone(r.inherited_subj)
    if f == "arrival":
        return [], anyone(r.prep("in", "at", "to"))
    if f == "loan":
        return (states(r.subj) or states(r.agent) or states(r.inherited_subj) or states(r.poss),
                anyone(r.dative) or anyone(r.prep("to", "for")) or anyone(r.obj) or anyone(r.counterparts))
    if f == "customer":
        if r.predicate:
            rec = anyone(r.predicate)   # 'the main recipients being A, B and C', 'its top client is X'
            sup = states(r.poss) or states(r.prep("of", "from")) or states(r.inherited_subj)
        else:
            rec = anyone(r.inherited_subj) or anyone(r.subj)
            sup = states(r.poss) or states(r.prep("of", "from"))
        return sup, rec
    return [], []


def _sides(parties: list[Actor], arms: list[Arm], origins: dict[str, str], subj: list[Actor]):
    """A deal's supplier: the party that makes the system, else a company that signed it, else (no maker
    known) the state the subject signed with."""
    makers = {origins.get(a.family) or knowledge().origin_of(a.family) for a in arms if a.named and a.family}
    sup = [p for p in parties if p.name in makers]
    if not sup:
        sup = [p for p in subj if p.mention is not None and p.mention.type == "organization"
               and p.mention.kind != "institution"]
    if not sup and not (makers - {None}) and len(parties) == 2 and \
            len(buyers := [p for p in parties if p.name in {s.name for s in subj}]) == 1:
        # 'India signed a contract with Russia for AK-203 rifles' (a maker nobody states): the state that signs
        # with another buys from it
        sup = [p for p in parties if p.name != buyers[0].name]
    rec = [p for p in parties if p.name not in {s.name for s in sup}]
    return sup, rec


# ---- status ------------------------------------------------------------------------------------------------

# speakers outside the deal who name no state: what they say of it is alleged
_OUTSIDERS = re.compile(r"\b(?:intelligence|media|reports?|sources?|western|monitors?|"
                        r"investigators?|diplomats?)\b", re.I)

def _stages(r: Roles) -> list[str]:
    """The stage each cue word around a trigger states ('approved the sale': planned; 'plans to buy': planned)."""
    return [c.as_complement if rel == "complement" else c.as_object for c, rel in r.cues]


_RANK = {"none": 9, "curtailed": 8, "denied": 7, "alleged": 6, "pledged": 5, "planned": 4, "ordered": 3,
         "ongoing": 2, "delivered": 1}


def _status(trig: Trigger, r: Roles, sup: list[Actor], rec: list[Actor], A: Actors, arms: list[Arm]) -> Optional[str]:
    if r.hypothetical:
        return None
    cues = _stages(r)
    if "none" in cues:
        return None
    status = trig.status
    strongest = max(cues, key=lambda c: _RANK.get(c, 0), default=None)
    if strongest == "denied" and "alleged" in cues:
        return "alleged"  # 'accused X of supplying …, an allegation X denied': alleged, the denial is its dispute
    if strongest in ("curtailed", "denied"):
        return strongest
    if r.negated and trig.frame not in ("supplier", "customer"):
        return "denied"
    parties = {a.name for a in sup + rec}
    speakers = A.in_spans(r.speakers)
    third = [a for a in speakers if a.name not in parties] or (not speakers and any(
        _OUTSIDERS.search(A.doc.text[s:e]) for s, e in r.speakers))  # 'Western officials say', 'media reported'
    if strongest == "alleged" or third:
        return "alleged"
    if r.under_deal and strongest in (None, "planned", "ordered"):
        return "ordered"  # 'is to receive them under the contract': a contract exists
    if strongest == "pledged" or (r.tense == "future" and trig.frame in ("supply", "aid") and
                                  (trig.frame == "aid" or all(a.generic or not a.named for a in arms))):
        return "pledged"
    if strongest == "planned" or r.tense in ("future", "modal") or trig.status == "planned":
        return "planned"
    if strongest == "ordered":
        return "ordered"
    if strongest == "ongoing" or (r.tense in ("present", "progressive") and trig.frame in ("supply", "aid", "acquire")):
        return "ongoing"
    if strongest == "delivered" and status == "ordered":
        return "delivered"
    return status


# ---- one frame → transfers -------------------------------------------------------------------------------

def _transfers_of(doc: Doc, sent: Sentence, trig: Trigger, r: Roles, arms: list[Arm],
                  d: Discourse) -> list[tuple[Transfer, bool]]:
    A, origins, text = d.actors, d.origins, doc.text
    if trig.frame == "loan":  # 'Russia granted Armenia a $200 million loan': the purchases it finances follow
        lender, borrower = _parties(trig, r, A)
        if lender and borrower:
            d.loan = (d.sentence, lender, borrower, _value(text, r, []))
        return []
    if trig.frame == "partner" and not _ARMS_WORDS.search(text[r.clause[0]:r.clause[1]]):
        return []

    def inside(spans):
        return [a for a in arms if any(a.start < e and s < a.end for s, e in spans) and not
                (a.start < r.trigger[1] and r.trigger[0] < a.end and not a.generic)]

    if trig.frame == "arrival":  # 'two more F-39Es arrived in Brazil': the subject is what arrived
        theme = _pick(text, inside(r.subj))
    else:
        theme = _pick(text, inside(r.with_theme) if r.pos == "verb" and inside(r.with_theme) else inside(r.theme))
    theme = _continued_list(text, theme, arms)
    if trig.frame == "won" and any(a.named for a in inside(r.inherited_subj)):
        theme = _pick(text, inside(r.inherited_subj))  # 'its Redback IFVs, which won a deal with Australia'

    if not theme and r.governing_theme:  # 'imports its weapons from A and B, while also buying 0.9% from C'
        theme = _pick(text, inside(r.governing_theme))
    if not theme and d.last and d.sentence - d.last[0] <= 2 and _AID_AGAIN.search(
            " ".join(text[s:e] for s, e in r.theme)):
        theme = [Arm(r.trigger[0], r.trigger[0], None, None, "general", True)]  # 'similar assistance'

    if not theme and d.systems and any(re.search(r"\b(?:it|them)\b", text[s:e], re.I) and e - s < 6
                                       for s, e in r.theme):
        s = d.systems[-1]  # 'the first member to procure it': the system named last
        theme = [Arm(r.trigger[0], r.trigger[0], s.family, None, s.category, False)]
    if trig.frame in ("supplier", "partner") and not theme and _ARMS_WORDS.search(text[sent.start:sent.end] + " " +
                                                                                 _previous_text(doc, d)):
        theme = [Arm(r.trigger[0], r.trigger[0], None, None, "general", True)]  # 'Russia is the main supplier.'
    if not theme:
        parties = _parties(trig, r, A)
        if trig.frame == "deal" and len(parties[0]) >= 2 and "ordered" in _stages(r) and \
                _about_arms(sent.text, trig, arms):
            # 'Nigeria and NORINCO signed a package contract last year': a contract (not 'support for the deal',
            # not 'an agreement to end the fighting')
            _trade_event(doc, sent, r, "ordered", [], [p.name for p in parties[0]])
        elif (trig.frame == "deal" or (trig.lemma, "noun") == ("order", r.pos)) and not (parties[0] or parties[1]) \
                and d.deal and (r.definite or d.sentence - d.deal[0] <= 2) and _SIGNED.search(text, r.clause[0], r.clause[1]) \
                and r.tense == "past" and not (r.negated or r.hypothetical) and \
                not {"none", "planned"} & set(_stages(r)):
            # 'The contract was signed on June 3', 'the signing ceremony for the deal was held on …' (the deal
            # named last), 'two firm orders were placed in May' (one named just before): that deal, dated here
            _trade_event(doc, sent, r, "ordered", [], d.deal[1], same_deal=r.definite)
            if r.definite:  # 'X will supply …. The contract was signed on …': no longer a plan
                for t in d.deal[2]:
                    if t.status == "planned":
                        t.status = "ordered"
        return []
    buyer = [text[a:b] for a, b in r.subj + r.inherited_subj + r.poss]
    if civil().search(" ".join(buyer + [text[a:b] for a, b in r.theme])) or (
            any(pronoun(b) for b in buyer) and civil().search(_previous_text(doc, d, 3))):
        return []  # 'the airline ordered 30 Boeing jets … it also ordered 50 Airbus jets': no arms transfer
    sup, rec = _parties(trig, r, A)
    if trig.frame == "deal" and not rec:
        if not any(a.named for a in theme):  # 'a warplane deal' in an article about the Rafale
            theme = [_only_system_of_kind(a, d) for a in theme]
        sup, rec = _sides(sup, theme, origins, A.in_spans(r.subj + r.inherited_subj))
    if trig.frame in ("operate", "arrival") and (not any(a.named for a in theme) or r.tense in ("future", "modal")):
        return []  # 'the crews who will operate the helicopters' says nothing of a transfer
    if trig.frame == "supplier" and sup and not rec:
        topic = A.antecedent(r.trigger[0], "it")
        topic = topic if topic and topic.name not in {s.name for s in sup} else _topic(doc, d, sup)
        if topic:
            rec = [topic]
            d.salient = topic
    financed = None
    if (not rec or not sup) and d.loan and d.sentence - d.loan[0] <= 2 and \
            re.search(r"\b(?:loan|credit)\b", text[sent.start:sent.end], re.I):
        sup, rec = sup or d.loan[1], rec or d.loan[2]  # 'the loan would finance purchases of …'
        financed = d.loan[3]
    if not rec:
        rec = _both_sides(doc, r, sup, d)
    if (not rec or not sup) and d.last and d.sentence - d.last[0] <= 2 and (
            r.definite or (theme and theme[0].start == theme[0].end)):
        # 'the sale is for 56 Chinooks', 'similar assistance is expected …': the one named just before
        if all(a.generic and a.start < a.end for a in theme):
            return []  # 'the deal was about sovereignty, not about weapons' says nothing new of it
        sup, rec = sup or d.last[1], rec or d.last[2]
    if not rec and sup and d.last and d.sentence - d.last[0] <= 2 and not (r.preps.get("to") or r.dative) and \
            not _OTHERS.search(text, r.trigger[1], r.clause[1]) and {a.name for a in sup} & {a.name for a in d.last[1]}:
        # 'Lithuania … also plans to supply radars': the same supplier's recipient (not when the text names who
        # else receives: 'provides equipment to partner nations')
        rec = d.last[2]
    if not rec:
        return []
    theme = [_named_in_document(doc, a, sup, d) for a in theme]
    headline = r.tense == "present" and sent.start < lead_start(doc)
    if headline:  # a headline's present tells what happened ('Spain sends tanks to Ukraine'); its body says more
        r.tense = "past"
    status = _status(trig, r, sup, rec, A, theme)
    if status is None:
        return []
    if financed is not None or (d.loan and status == "planned" and sup and d.loan[1][0].name == sup[0].name and
                                d.sentence - d.loan[0] <= 2):
        status = "ordered"  # bought with a loan granted: ordered
    text = doc.text
    value = _value(text, r, theme) or financed
    refs = dates_in(doc, *r.clause) or dates_in(doc, sent.start, sent.end)
    period = _period(same_aside(text, sent.start, sent.end, refs, r.trigger[0]))
    financing = _financing(text[r.clause[0]:r.clause[1]])
    out = []
    for arm in theme:
        suppliers, confidence = sup, 1.0
        if not suppliers:
            maker = _origin_before(doc, arm, sent) or origins.get(arm.family or "") or _maker_by_pronoun(doc, arm, d)
            if maker:
                suppliers = [Actor(maker, None, True)]
            elif trig.frame in ("acquire", "operate", "supply", "aid", "deal", "won", "arrival"):
                maker = knowledge().origin_of(arm.family) if arm.named else _only_maker_of_kind(doc, arm, d)
                if maker:  # the catalogue's maker; for 'drones' in an article about Turkish drones, Turkey
                    suppliers, confidence = [Actor(maker, None, True)], 0.6
        for giver in suppliers:
            made = _made_by(doc, arm, giver.name)
            for rc in rec:
                if giver.name == rc.name or not giver.is_state:
                    continue
                t = Transfer(supplier=giver.name, recipient=rc.name, weapon=made.family, variant=made.variant,
                             category=made.category, quantity=_quantity(text, arm, sent),
                             value=value if len(theme) <= 1 else None,  # a sum for several is a statistic
                             period=period, status=as_status(status), financing=financing,
                             evidence=[evidence(doc, sent.start, sent.end)], confidence=confidence)
                out.append((t, arm.generic and not arm.named))
    if out and sup:
        d.last = (d.sentence, sup, rec)
    if out:
        d.deal = (d.sentence, list(dict.fromkeys(n for t, _ in out for n in (t.supplier, t.recipient) if n)),
                  [t for t, _ in out])
    trade = doc.trade
    before = len(trade)
    if trig.frame not in _UNDATED:
        _trade_event(doc, sent, r, status, out)
    if headline:
        doc.headline.extend((t, trade[before:]) for t, _ in out)
    return out


# a recipient named as a kind, not a state: 'to partner nations', 'to its allies'
_OTHERS = re.compile(r"\bto\s+(?:(?:the|its|their|other|several|many|some|friendly|allied|partner|\w+ing)\s+){0,2}"
                     r"(?:nations|countries|states|partners|allies|governments|militaries|customers)\b", re.I)


_SIGNED = re.compile(r"\b(?:sign(?:s|ed|ing)?|ink(?:s|ed)?|seal(?:s|ed)?|plac(?:es|ed|ing))\b", re.I)
_EVENT_OF_STATUS = {"ordered": "contract", "delivered": "delivery", "ongoing": "delivery", "curtailed": "cancellation"}


def _trade_event(doc: Doc, sent: Sentence, r: Roles, status: str, made, parties: Optional[list[str]] = None,
                 same_deal: bool = False) -> None:
    """A contract, delivery or cancellation the text dates is an event too (the events stage merges them): the
    date in the trigger's own phrase, else the one that opens its sentence ('In 2009 Brazil began …'); a span of
    years ('between 2015 and 2017') dates no single event, and then neither does the article. A deal
    referred back to ('the contract was signed on Tuesday': `same_deal`) dates the one the article dated."""
    from ..model import Event

    type_ = _EVENT_OF_STATUS.get(status)
    if not (made or parties) or type_ is None:
        return
    stated = dates_in(doc, sent.start, sent.end)
    refs = same_aside(doc.text, sent.start, sent.end, [x for x in stated if not _multi_year(x.period)], r.trigger[0])
    own = [x for x in refs if any(a <= x.start < b for a, b in r.under_deal)] or \
        [x for x in refs if any(a <= x.start < b for a, b in r.own)] or \
        [x for x in refs if x.start - sent.start < 15]
    # a date only the verb of saying has ('…, the company said on Friday') dates the report, as the article does
    by_article = not own and bool(r.speakers)
    own = own or [x for x in refs if any(a <= x.start < b for a, b in r.main_dates)]
    if not own and doc.doc_date and not stated and status != "ongoing" and (
            r.speakers or (r.tense == "past" and sent.start == lead_start(doc))):
        # 'X announced signing …'; the lead's 'Norway has ordered …': done when the article says so
        own = [DateRef(r.trigger[0], r.trigger[0], "", Period.point(doc.doc_date))]
        by_article = True
    if not own:
        return
    ref = min(own, key=lambda x: abs(x.start - r.trigger[0]))
    actors = list(parties or [])
    for t, _ in made:
        actors += [a for a in (t.supplier, t.recipient) if a not in actors]
    event = Event(type=type_, actors=actors, date=ref.period, summary=" ".join(sent.text.split())[:140],
                  evidence=[evidence(doc, sent.start, sent.end)])
    doc.trade.append(event)
    if by_article:
        doc.trade_by_article.append(event)
    elif same_deal:
        doc.trade_same_deal.append(event)


# frames that tell a relationship or a build, not a contract or a delivery on a date ('X is Y's main supplier')
_UNDATED = {"build", "supplier", "customer", "partner"}


def _about_arms(text: str, trig: Trigger, arms: list[Arm]) -> bool:
    """A deal is a purchase when it is a contract or an order, or when its sentence names arms or money."""
    return trig.lemma in ("contract", "order", "tender") or bool(arms or _ARMS_WORDS.search(text) or
                                                                next(money_in(text), None))


def _multi_year(p: Period) -> bool:
    return bool(p.start and p.end and p.start[:4] != p.end[:4])


_ARMS_WORDS = re.compile(r"\b(?:arms|weapons?|weaponry|military|munitions?|defen[cs]e\s+(?:spending|budget|imports)|"
                         r"armed\s+forces)\b", re.I)


def _previous_text(doc: Doc, d: Discourse, n: int = 1) -> str:
    """The text of the n sentences before the current one."""
    sents = doc.sentences
    return " ".join(s.text for s in sents[max(0, d.sentence - n):d.sentence])


def _topic(doc: Doc, d: Discourse, exclude: list[Actor]) -> Optional[Actor]:
    """The state the last sentences are about, other than the excluded ones."""
    names = {a.name for a in exclude}
    for _pos, a in reversed(d.actors.subjects):
        if a.name not in names and a.is_state:
            return a
    return None


_AID_AGAIN = re.compile(r"\b(?:similar|such|the|this|that|these|further|more|additional)\s+(?:\w+\s+)?"
                        r"(?:assistance|aid|supplies|deliveries|package)\b", re.I)


def _named_in_document(doc: Doc, arm: Arm, sup: list[Actor], d: Discourse) -> Arm:
    """'jet fighters from Moscow' in an article about the Su-35: a kind of weapon from a supplier is the one
    system of that kind from that supplier the article names."""
    if arm.named or arm.generic or not sup:
        return arm
    k = knowledge()
    makers = {s.name for s in sup}
    fams = {f for f in d.kinds.get(arm.category, ()) if (d.origins.get(f) or k.origin_of(f)) in makers}
    if len(fams) == 1:
        return Arm(arm.start, arm.end, fams.pop(), None, arm.category, False)
    return arm


def _only_maker_of_kind(doc: Doc, arm: Arm, d: Discourse) -> Optional[str]:
    """The one state that makes every system of this kind the article names."""
    if arm.named or arm.generic:
        return None
    k = knowledge()
    makers = {d.origins.get(f) or k.origin_of(f) for f in d.kinds.get(arm.category, ())}
    return makers.pop() if len(makers) == 1 else None


def _only_system_of_kind(arm: Arm, d: Discourse) -> Arm:
    if arm.named or arm.generic:
        return arm
    fams = d.kinds.get(arm.category, set())
    return Arm(arm.start, arm.end, next(iter(fams)), None, arm.category, False) if len(fams) == 1 else arm


# between two items of a list: a comma or 'and', and a few words (an item that is no weapon word, a modifier)
_LIST_GAP = re.compile(r"(?:\s*(?:,\s*(?:and\s+|or\s+)?|(?<=\s)(?:and|or)\s+)(?:[\w-]+\s+){0,3})+")


def _continued_list(text: str, theme: list[Arm], arms: list[Arm]) -> list[Arm]:
    """The rest of a list the parser cut after its first item ('supply radars, mine-clearing equipment and
    short-range air defence systems'): arms that follow the theme's last one, item after item."""
    if not theme:
        return theme
    out, last = list(theme), max(theme, key=lambda a: a.end)
    for a in sorted(arms, key=lambda a: a.start):
        if a.start >= last.end and all(a is not b for b in out) and _LIST_GAP.fullmatch(text, last.end, a.start):
            out.append(a)
            last = a
    return _pick(text, out) if len(out) > len(theme) else theme


def _pick(text: str, theme: list[Arm]) -> list[Arm]:
    """The systems a frame speaks of: named systems and kinds of weapons that are not just describing a named
    system ('IRIS-T air defence systems' is one system); words for arms as such only when nothing else."""
    named = [a for a in theme if a.named]
    kinds = [a for a in theme if not a.named and not a.generic]
    kinds = [k for k in kinds if not any(0 <= k.start - n.end <= 30 and re.fullmatch(r"[\s\w()-]*", text[n.end:k.start])
                                         and not re.search(r"\b(?:and|or)\b", text[n.end:k.start]) for n in named)]
    seen, out = set(), []
    for a in named + kinds:
        key = a.family or a.category
        if key not in seen:
            seen.add(key)
            out.append(a)
    if out:
        return sorted(out, key=lambda a: a.start)
    generic = [a for a in theme if a.generic]
    return generic[:1]


def _both_sides(doc: Doc, r: Roles, sup: list[Actor], d: Discourse) -> list[Actor]:
    """'selling arms to both sides': the two states the article is most about, other than the supplier."""
    text = doc.text
    window = text[r.trigger[1]:min(r.clause[1], r.trigger[1] + 60)]
    if not re.search(r"\bboth\s+(?:sides|countries|rivals|parties|belligerents|warring\s+sides)|\bthe\s+two\s+"
                     r"(?:sides|rivals|countries)", window, re.I):
        return []
    if d.both is None:
        counts: dict[str, int] = {}
        for m in doc.mentions:
            a = actor_of(doc, m, groups=False)
            if a:
                counts[a.name] = counts.get(a.name, 0) + 1
        d.both = sorted(counts, key=lambda n: -counts[n])
    suppliers = {s.name for s in sup}
    return [Actor(n, None, True) for n in d.both if n not in suppliers][:2]


def _origin_before(doc: Doc, arm: Arm, sent: Sentence) -> Optional[str]:
    """'Russian S-400', 'Israeli-made drones', "Hanwha's howitzers", 'German MTU engines': a maker named in the
    arm's own noun phrase, right before it (adjectives and compounds only in between)."""
    text = doc.text
    for m in reversed(mentions_in(doc, max(sent.start, arm.start - 45), arm.start)):
        between = text[m.end:arm.start]
        if not _MODIFIERS.fullmatch(between) or _NOT_MODIFIERS.search(between):
            break
        a = actor_of(doc, m, groups=False)
        if a and (m.kind in ("demonym", "origin") or between.startswith(("'", "’")) or m.type == "organization"):
            return a.name
        if m.type != "weapon system":
            break
    return None


def _made_by(doc: Doc, arm: Arm, maker: str) -> Arm:
    """The family of that name the stated maker makes ("Rheinmetall's Lynx" is the KF-41)."""
    if not arm.named:
        return arm
    k = knowledge()
    surface = doc.text[arm.start:arm.end]
    for s in (surface, *surface.split()):
        other = k.catalogue.homonym(arm.family, s, category=arm.category, origin=maker) or \
            k.catalogue.homonym(arm.family, s, origin=maker)
        if other:
            return Arm(arm.start, arm.end, other, None, k.catalogue.families[other].category, False)
    return arm


def _maker_by_pronoun(doc: Doc, arm: Arm, d: Discourse) -> Optional[str]:
    """'Rheinmetall … its Lynx vehicles': a company's own system is made at home."""
    if not arm.named or not re.search(r"\b(?:its|their)\s+(?:[\w-]+\s+){0,2}$", doc.text[max(0, arm.start - 40):arm.start],
                                      re.I):
        return None
    a = d.actors.antecedent(arm.start, "the company")
    return a.name if a and a.mention is not None and a.mention.type == "organization" else None


_MODIFIERS = re.compile(r"(?:['’]s?)?(?:\s+(?:[a-z][\w-]*|[A-Z][A-Za-z]*-[\w-]+|[A-Z]{2,}))*\s*")
_NOT_MODIFIERS = re.compile(r"\b(?:to|from|with|for|by|in|and|or|of|that|which|who|is|are|was|were|has|have|had|"
                            r"will|would|said|says|used|uses|operates|operated|bought|ordered)\b")


def _stated_origins(doc: Doc) -> dict[str, str]:
    """A system's maker as the text states it anywhere: 'Russian-made Iskander', 'Spyder, made by Rafael',
    'the Israeli Harop'."""
    text = doc.text
    out: dict[str, str] = {}
    for m in doc.mentions:
        if m.type != "weapon system":
            continue
        made = re.match(r"[\s\w-]{0,40}?,?\s*(?:made|built|manufactured|produced|developed|designed)\s+by\s+",
                        text[m.end:m.end + 80])
        if made:
            after = [x for x in mentions_in(doc, m.end + made.end(), m.end + made.end() + 60)]
            a = next((actor_of(doc, x, groups=False) for x in after if actor_of(doc, x, groups=False)), None)
            if a:
                out.setdefault(m.canonical, a.name)
                continue
        sent = Sentence(max(0, m.start - 45), m.end, "")
        before = _origin_before(doc, Arm(m.start, m.end, m.canonical, None, "", False), sent)
        if before:
            out.setdefault(m.canonical, before)
    return out


_QUANTITY = re.compile(r"(?<![\w$€£¥₹.-])(?<!top )(?P<n>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(k for k in NUMBER_WORDS if " " not in k)
                       + r"|a dozen)\s+(?:(?:more|additional|new|used|second-hand|refurbished|of\s+(?:the|its|their)|"
                       r"units?\s+of(?:\s+the)?|batch(?:es)?\s+of|batteries\s+of|types?\s+of|[\d,.]+-[a-z]+|"
                       r"(?!(?:countries|states|nations|members|companies|firms|million|billion|trillion|bn|mn|percent|per)\b)[A-Za-z][\w-]*(?<!ing))\s+){0,3}$",
                       re.I)


def _quantity(text: str, arm: Arm, sent: Sentence) -> Optional[int]:
    """'56 Chinooks', 'three Spyder … batteries', '54 units of the K9', 'two more combat helicopters'."""
    window = text[max(sent.start, arm.start - 60):arm.start]
    window = re.split(r"[;:()]|,(?!\d{3}\b)|\b(?:and|or|to|from|with|for|by|worth|in)\b", window)[-1]
    m = _QUANTITY.search(window)
    if not m:
        return None
    n = m.group("n").lower()
    value = int(n.replace(",", "")) if n[0].isdigit() else NUMBER_WORDS.get(n)
    if value is None or (1900 <= value <= 2100 and n.isdigit()):
        return None
    return value


def _value(text: str, r: Roles, theme: list[Arm]) -> Optional[Money]:
    amounts = list(money_in(text, *r.clause))
    if not amounts:
        return None
    a = amounts[0]
    return Money(amount=round(a.value, 2), currency=a.currency)


def _period(refs) -> Optional[Period]:
    if not refs:
        return None
    return refs[0].period


def _financing(s: str) -> Optional[Financing]:
    s = s.lower()
    if re.search(r"\bloans?\b|\blen[dt]s?\b|\blending\b", s):
        return "loan"
    if re.search(r"\bcredits?\b", s):
        return "credit"
    if re.search(r"\bdiscount\w*|cut-price|reduced\s+prices?|preferential\s+prices?|domestic\s+prices?|free\s+of\s+"
                 r"charge", s):
        return "discount"
    return None


STATUS_CLASS = {"delivered": "actual", "ongoing": "actual", "pledged": "future", "planned": "future",
                "denied": "alleged"}


def _fill(kept: Transfer, other: Transfer, fields: tuple[str, ...]) -> None:
    """What one report of a transfer leaves unsaid and another says."""
    for f in fields:
        if getattr(kept, f) is None and getattr(other, f) is not None:
            setattr(kept, f, getattr(other, f))


def _merge(found: list[tuple[Transfer, bool]]) -> list[Transfer]:
    """One transfer per (supplier, recipient, system or kind, stage class) in a document, with all its
    evidence; a mention of arms as such next to specific systems of the same dyad adds its evidence to them, a
    kind of weapon its evidence to the one system of that kind the dyad has at that stage;
    a denial of an alleged supply is part of the allegation."""
    out: dict[tuple, Transfer] = {}
    generic: dict[tuple, bool] = {}
    seen: dict = {}
    for t, is_generic_row in found:
        key = (t.supplier, t.recipient, t.weapon or t.category, STATUS_CLASS.get(t.status, t.status))
        if key in out:
            kept = out[key]
            add_evidence(kept, t.evidence, seen)
            _fill(kept, t, ("value", "quantity", "period", "financing", "variant"))
            if kept.status == "denied" and t.status == "alleged":
                kept.status = "alleged"
            kept.confidence = max(kept.confidence, t.confidence)
        else:
            out[key] = t
            generic[key] = is_generic_row
    for key, t in list(out.items()):  # a signed deal's future deliveries are the deal
        order = (key[0], key[1], key[2], "ordered")
        if key[3] == "future" and order in out:
            add_evidence(out[order], t.evidence, seen)
            del out[key]
    alleged = {(t.supplier, t.recipient): t for t in out.values() if t.status == "alleged"}
    for key, t in list(out.items()):  # 'X denied providing ammunition' answers 'X is supplying shells': one row
        if t.status == "denied" and (t.supplier, t.recipient) in alleged and (
                t.weapon is None or t.weapon == alleged[t.supplier, t.recipient].weapon):
            add_evidence(alleged[t.supplier, t.recipient], t.evidence, seen)
            del out[key]
    by_kind: dict[tuple, list[Transfer]] = {}    # named systems by dyad, category and stage class
    by_stage: dict[tuple, list[Transfer]] = {}   # specific rows by dyad and stage
    for k, s in out.items():
        if s.weapon:
            by_kind.setdefault((s.supplier, s.recipient, s.category, k[3]), []).append(s)
        if not generic[k]:
            by_stage.setdefault((s.supplier, s.recipient, s.status), []).append(s)
    final = []
    for key, t in out.items():
        if t.weapon is None and not generic[key]:  # 'the warship' after 'the corvette INS Kirpan': that system
            named = by_kind.get((t.supplier, t.recipient, t.category, key[3]), [])
            if len(named) == 1:
                add_evidence(named[0], t.evidence, seen)
                continue
        if generic[key]:
            same = [s for s in by_stage.get((t.supplier, t.recipient, t.status), [])
                    if abs(s.evidence[0].start - t.evidence[0].start) < 250]
            if same:
                for s in same:
                    add_evidence(s, t.evidence, seen)
                continue
        final.append(t)
    return sorted(final, key=lambda t: t.evidence[0].start)
