"""Frames: the roles around a trigger word, read from the sentence's dependency parse.

`roles(token)` gives, as character spans, what the grammar says around a trigger: its subject, object, indirect
object, passive subject and agent ('supplied by North Korea'), prepositional objects ('to X', 'from X', 'with X',
'for X', 'between X and Y'), possessor ('Egypt's purchase'), modifiers ('Russian arms sales', 'the Chinook
sale'), the noun a participle describes ('systems delivered to Ukraine'), and what it inherits from the words
that govern it: a controlling verb's subject ('Indonesia abandoned plans to purchase …'), a contract's other
party ('a contract with Romania to export …'), and the cues around it that change a transfer's stage
('approved', 'refused to', 'will', 'not', 'the report said').

`shallow_roles(...)` reads the same roles from word order, for when no statistical model is installed.
Which role supplies and which receives is the trigger table's business (lexicon, transfers stage).
"""
from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from spacy.tokens import Token

from .lexicon import Cue, frame_shifts, speech_verbs, status_cues, word_class

Span = tuple[int, int]

# the words inside a noun phrase; prepositions that list members ('countries including A, B and C')
_NP_DEPS = {"compound", "amod", "poss", "nmod", "nummod", "det", "flat", "case", "quantmod"}
_LISTING = {"including", "like", "as", "among"}
_CLIMB = {"xcomp", "acl", "relcl", "advcl", "conj", "dobj", "pobj", "prep", "attr", "oprd", "pcomp", "appos",
          "nsubj", "nsubjpass", "ccomp", "acomp", "dep", "agent", "amod", "npadvmod"}
_RELATIVE = {"that", "which", "who", "whom", "whose"}
_FUTURE = {"will", "shall", "'ll", "wo"}
_DOERS = word_class("doers")
_DEAL_NOUNS = word_class("deal nouns")
_COVERING = word_class("covering")
_FACILITIES = word_class("facilities")
_HOLDS = word_class("holds")
_BE = {"is", "was", "are", "were", "be", "been", "being", "'s", "remains", "remained", "became", "becomes"}
_PRONOUNS = {"it", "its", "they", "their", "them", "we", "our", "us", "he", "his", "she", "her", "itself"}


@dataclass
class Roles:
    trigger: Span
    pos: str                                    # verb | noun
    subj: list[Span] = field(default_factory=list)
    obj: list[Span] = field(default_factory=list)
    dative: list[Span] = field(default_factory=list)
    subjpass: list[Span] = field(default_factory=list)
    agent: list[Span] = field(default_factory=list)
    poss: list[Span] = field(default_factory=list)
    mods: list[Span] = field(default_factory=list)
    preps: dict[str, list[Span]] = field(default_factory=dict)
    described: list[Span] = field(default_factory=list)      # the noun a participle or clause describes
    holder: list[Span] = field(default_factory=list)         # who has it: 'X used jets ordered from Y' → X
    inherited_subj: list[Span] = field(default_factory=list)  # a governing verb's subject
    counterparts: list[Span] = field(default_factory=list)    # 'with X' / 'between X and Y' of a governing deal
    inherited_preps: dict[str, list[Span]] = field(default_factory=dict)  # 'withheld aid from Egypt'
    theme: list[Span] = field(default_factory=list)           # where the arms are: object, 'of', complements
    predicate: list[Span] = field(default_factory=list)       # 'X is the main supplier' ↔ 'the supplier is X'
    clause: Span = (0, 0)                                     # the trigger's clause (dates, money)
    tense: str = "past"                                       # past | present | progressive | future | modal
    negated: bool = False
    hypothetical: bool = False
    cues: list[tuple[Cue, str]] = field(default_factory=list)  # (cue, 'complement' | 'object')
    speakers: list[Span] = field(default_factory=list)         # subjects of a verb of saying that governs it
    governed_by_trigger: bool = False                          # part of a larger transfer ('a contract to buy')
    definite: bool = False                                     # 'the sale', 'this deal': one named before
    with_theme: list[Span] = field(default_factory=list)       # 'equip X with Y', 'sent the plane with the missiles'
    governing_theme: list[Span] = field(default_factory=list)  # the arms of the transfer this one continues
    passive: bool = False
    own: list[Span] = field(default_factory=list)              # the trigger's own phrase (its dates are its own)
    main_dates: list[Span] = field(default_factory=list)       # where the sentence's main verb has its dates
    under_deal: list[Span] = field(default_factory=list)       # 'under the deal signed last year': a contract exists

    def prep(self, *names: str) -> list[Span]:
        return [s for n in names for s in self.preps.get(n, [])]


def _chars(tok: Token, offset: int) -> Span:
    return offset + tok.idx, offset + tok.idx + len(tok.text)


def np_span(tok: Token, offset: int) -> Span:
    """The noun phrase a token heads, without clauses and prepositional phrases ('the Nigerian Army')."""
    lo, hi = tok.i, tok.i
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in _NP_DEPS:
                lo, hi = min(lo, c.left_edge.i if c.dep_ != "poss" else c.i), max(hi, c.i)
                stack.append(c)
    doc = tok.doc
    return offset + doc[lo].idx, offset + doc[hi].idx + len(doc[hi].text)


def members(tok: Token, offset: int) -> list[Span]:
    """The noun phrase of a role and of every member coordinated with it or listed after it ('Chile and
    Ecuador', 'countries including Ukraine, Qatar and Azerbaijan')."""
    out, seen = [], set()
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        out.append(np_span(t, offset))
        for c in t.children:
            if c.dep_ in ("conj", "appos") or (c.dep_ == "npadvmod" and c.tag_ == "NNP" and t.tag_ == "NNP"):
                stack.append(c)
            elif c.dep_ == "prep" and c.lower_ in _LISTING:
                stack.extend(p for p in c.children if p.dep_ == "pobj")
            elif c.dep_ == "prep" and c.lower_ == "such":  # 'such as X'
                stack.extend(p for g in c.children for p in g.children if p.dep_ == "pobj")
    return out


def subtree_span(tok: Token, offset: int, exclude: AbstractSet[int] = frozenset()) -> list[Span]:
    """The characters of a token's subtree, minus the subtrees of the excluded children."""
    spans = []
    lo = tok.left_edge.i
    doc = tok.doc
    cut = sorted((doc[i].left_edge.i, doc[i].right_edge.i) for i in exclude
                 if 0 <= i < len(doc) and (i == tok.i or tok.is_ancestor(doc[i])))
    pos = lo
    for a, b in cut:
        if a > pos:
            spans.append((offset + doc[pos].idx, offset + doc[a - 1].idx + len(doc[a - 1].text)))
        pos = max(pos, b + 1)
    hi = tok.right_edge.i
    if pos <= hi:
        spans.append((offset + doc[pos].idx, offset + doc[hi].idx + len(doc[hi].text)))
    return spans


def _hanging(prep: Token, depth: int = 2) -> list[Token]:
    """'to' and 'from' phrases the parser hangs below a preposition or its object rather than beside it: 'from
    Israel to Georgia', 'the delivery of helicopters from its stocks to Mali'."""
    out: list[Token] = []
    for c in list(prep.children) + [cc for p in _pobjs(prep) for cc in p.children]:
        if c.dep_ == "prep" and c.lower_ in ("to", "from"):
            out.append(c)
            if depth > 1:
                out += _hanging(c, depth - 1)
    return out


def _under_deal(prep: Token, offset: int) -> list[Span]:
    """'(will receive the tanks) under a contract signed in 2022': bought, and the contract's phrase dates it."""
    if prep.lower_ != "under" or not any(o.lower_ in _DEAL_NOUNS for o in _pobjs(prep)):
        return []
    return [sp for o in _pobjs(prep) for sp in subtree_span(o, offset)]


def _infinitive(verb: Token) -> bool:
    """'(a deal) to buy …': a clause the parser may call relative that belongs to the noun it completes."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _dative(c: Token, offset: int) -> list[Span]:
    """Who a dative names: the word itself ('sold Armenia tanks') or the object of its 'to' ('… to Israel')."""
    return members(c, offset) if c.tag_ != "IN" else _named_by(c, offset)


def _participle(tok: Token) -> bool:
    """A past participle, also where the tagger reads one that describes a noun as a past tense ('aircraft
    bought from the US')."""
    return tok.tag_ == "VBN" or (tok.tag_ == "VBD" and tok.dep_ == "acl")


def _gives(verb: Token) -> bool:
    """A transfer trigger whose own frame has someone give something 'to' someone ('sold', 'delivered')."""
    from .lexicon import transfer_triggers

    trig = transfer_triggers().get((verb.lower_, "verb"))
    return trig is not None and trig.frame not in ("acquire", "operate", "arrival")


def _phrasal(verb: Token) -> str:
    """A verb with its particle when the cue table has them together ('turned down', 'called off')."""
    for c in verb.children:
        if c.dep_ == "prt" and f"{verb.lower_} {c.lower_}" in status_cues():
            return f"{verb.lower_} {c.lower_}"
    return verb.lower_


def _named_by(prep: Token, offset: int) -> list[Span]:
    """Who or what a preposition's objects name ('to Ukraine and Moldova')."""
    return [m for p in _pobjs(prep) for m in members(p, offset)]


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def is_noun(t: Token) -> bool:
    return t.tag_.startswith("NN") or t.tag_ in ("PRP", "CD")


def is_verb(t: Token) -> bool:
    return t.tag_.startswith("VB")


def _verb_info(v: Token) -> tuple[str, bool]:
    """(tense, negated) of a verb: will/shall → future; could/may/might → modal; is …ing → progressive;
    present simple → present; otherwise past."""
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    negated = any(c.dep_ == "neg" for c in v.children)
    if words & _FUTURE:
        return "future", negated
    if words & {"could", "may", "might", "would", "should", "must"}:
        return "modal", negated
    if "to" in words and v.head.lower_ in {"set", "due", "scheduled", "expected", "poised", "going", "about", "is", "are",
                                          "was", "were"}:
        return "future", negated
    if v.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return "progressive", negated
    if v.tag_ in ("VBZ", "VBP") and not words & {"has", "have", "had", "did"}:
        return "present", negated
    if v.tag_ in ("VBZ", "VBP") and words & {"has", "have"} and v.lower_ in ("been",):
        return "present", negated
    return "past", negated


def roles(tok: Token, offset: int, pos: str) -> Roles:
    """What the grammar says around a trigger token."""
    r = Roles(trigger=_chars(tok, offset), pos=pos)
    kids = list(tok.children)
    exclude: set[int] = set()
    for c in kids:
        d = c.dep_
        if d in ("nsubj", "csubj"):
            if c.lower_ in _RELATIVE and tok.dep_ == "relcl":
                r.subj += members(tok.head, offset)
            else:
                r.subj += members(c, offset)
            if c.lower_ in _FACILITIES:  # 'a navy base in Hanoi received …': the place's state
                r.subj += [m for g in c.children if g.dep_ == "prep" and g.lower_ in ("in", "at", "near")
                           for m in _named_by(g, offset)]
            exclude.add(c.i)
        elif d == "nsubjpass":
            r.subjpass += members(c, offset)
            if c.lower_ in _RELATIVE and tok.dep_ == "relcl":
                r.subjpass += members(tok.head, offset)
        elif d == "dobj":
            r.obj += members(c, offset)
            # 'gifted the corvette, a …, to Sri Lanka', 'will send torpedoes and a minehunter to Latvia', 'bought
            # 12 jets from Brazil', 'built two corvettes for Pakistan's navy': the parser hangs 'to', 'from' or
            # 'for' on the object or on the last of the objects
            for cc in [g for o in [c, *c.conjuncts] for g in o.children]:
                if cc.dep_ == "prep" and cc.lower_ in ("to", "from", "for") and pos == "verb":
                    r.preps.setdefault(cc.lower_, []).extend(_named_by(cc, offset))
                if cc.dep_ == "relcl" and pos == "verb" and not _gives(cc):
                    # 'is sending tanks it received from Germany to Ukraine': the parser hangs the last 'to' on
                    # the relative clause, whose verb sends nothing
                    r.preps.setdefault("to", []).extend(m for g in cc.children if g.dep_ == "prep" and
                                                        g.lower_ == "to" for m in _named_by(g, offset))
            first = tok.doc[c.left_edge.i]
            if pos == "verb" and first.i == tok.i + 1 and first.dep_ == "compound" and first.tag_ == "NNP":
                r.dative.append(np_span(first, offset))  # 'sold Azerbaijan tanks': the parser's compound
        elif d == "dative":
            r.dative += _dative(c, offset)
            exclude.add(c.i)
        elif d == "agent":
            r.agent += _named_by(c, offset)
            exclude.add(c.i)
        elif d == "poss":
            r.poss += members(c, offset)
        elif d in ("compound", "amod", "nmod", "npadvmod"):
            r.mods.append(np_span(c, offset))
        elif d == "prep" and _addressed(c):
            continue  # 'signed a deal in a message to Russia': who is addressed, not who receives
        elif d == "prep" and (deal := _under_deal(c, offset)):
            r.under_deal += deal
        elif d == "prep":
            name = c.lower_
            objs = _pobjs(c)
            spans = [m for p in objs for m in members(p, offset)]
            r.preps.setdefault(name, []).extend(spans)
            if name in ("to", "from", "with", "between", "by", "for") and objs:
                exclude.add(c.i)
            for cc in _hanging(c):
                r.preps.setdefault(cc.lower_, []).extend(_named_by(cc, offset))
        elif d in ("relcl", "advcl", "ccomp"):
            exclude.add(c.i)
        elif d == "neg":
            r.negated = True
        elif d == "mark" and c.lower_ in ("if", "unless", "whether"):
            r.hypothetical = True
        elif d in ("advmod", "amod") and c.lower_ in status_cues():
            r.cues.append((status_cues()[c.lower_], "object"))
    if pos == "noun" and tok.dep_ == "dobj" and is_verb(tok.head):
        # 'signed a deal for 80 tanks from China', 'inked a contract with Romania': the verb's phrases describe it
        for c in tok.head.children:
            if c.dep_ == "dative":  # 'granted Armenia a loan', 'suspended the delivery of bombs to Israel'
                r.dative += _dative(c, offset)
            if c.dep_ == "prep" and c.lower_ in ("for", "from", "with", "to", "between") and c.i > tok.i:
                objs = _pobjs(c)
                r.preps.setdefault(c.lower_, []).extend(m for p in objs for m in members(p, offset))
                if c.lower_ in ("for",):
                    r.theme += [sp for p in objs for sp in subtree_span(p, offset)]
    r.definite = pos == "noun" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
                                       for c in kids)
    for c in kids:  # modifiers that are cue words ('potential sale', 'planned purchase')
        if c.dep_ in ("amod", "compound") and c.lower_ in status_cues():
            r.cues.append((status_cues()[c.lower_], "object"))
    # the noun a participle describes: 'systems delivered to Ukraine', 'vehicles bought by the Nigerian Army'
    # (its theme); 'the first member to procure it', 'a company supplying drones' (its doer)
    if tok.dep_ in ("acl", "relcl") and is_noun(tok.head) and not any(c.dep_ in ("nsubj", "nsubjpass")
                                                                        for c in kids):
        described = members(tok.head, offset)
        if tok.head.dep_ in ("nsubj",) and tok.head.head.lower_ in _BE:  # 'the first member to … was X'
            described += [m for c in tok.head.head.children if c.dep_ == "attr" for m in members(c, offset)]
        doer = any(w in _DOERS for w in tok.head.text.lower().split()) or tok.head.tag_ == "NNP" or \
            (tok.head.dep_ == "nsubj" and tok.head.head.lower_ in _BE)
        if _participle(tok):
            if tok.head.dep_ == "dobj" and is_verb(tok.head.head):
                r.holder += [m for c in tok.head.head.children if c.dep_ == "nsubj" for m in members(c, offset)]
            top = tok.head  # '17 vehicles consisting of VT-4 tanks, … and howitzers bought by …': all of it
            while top.dep_ in ("pobj", "prep", "conj", "appos") or (top.dep_ == "acl" and top.tag_ == "VBG"):
                top = top.head
            r.described += described + subtree_span(top, offset, {tok.i})
        elif doer:  # 'the first member to procure it', not 'its intention to purchase'
            r.subj += described
    # the theme: where the arms are
    with_objs = [p for c in kids if c.dep_ == "prep" and c.lower_ == "with" for p in _pobjs(c)]
    theme_toks = [c for c in kids if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd")]
    if pos == "noun":
        theme_toks += [p for c in kids if c.dep_ == "prep" and c.lower_ in ("of", "for")
                       for p in _pobjs(c)]
    theme_toks += [p for c in kids if c.dep_ == "prep" and c.lower_ == "including" for p in _pobjs(c)]
    if pos == "noun":  # 'a contract covering Lynx vehicles', 'signed a deal with Hungary, covering …', 'a
        # package that includes Stinger missiles'
        covering = [c for c in kids if (c.dep_ == "acl" and c.lower_ in _COVERING) or
                    (c.dep_ == "relcl" and c.lower_ in _HOLDS)]
        if tok.dep_ == "dobj":
            covering += [c for c in tok.head.children if c.dep_ in ("advcl", "xcomp") and c.lower_ in _COVERING]
        theme_toks += [o for c in covering for o in c.children if o.dep_ == "dobj"]
    if not any(c.dep_ == "dobj" for c in kids):  # 'purchased [arms worth $4 billion]'
        theme_toks += [c for c in kids if c.dep_ in ("ccomp", "xcomp") and c.i > tok.i]
    theme_toks += with_objs
    r.with_theme = [sp for t in with_objs for sp in subtree_span(t, offset)]
    for t in theme_toks:
        r.theme += subtree_span(t, offset, {x.i for x in t.subtree if x.dep_ in ("relcl",)} - {t.i})
    r.theme += r.mods + r.described
    if tok.dep_ in ("nsubj", "nsubjpass") and pos == "noun":
        # 'the sale is for 56 Chinooks', 'the package will include IRIS-T systems'
        h = tok.head
        for c in h.children:
            if c.i != tok.i and c.dep_ in ("attr", "dobj", "acomp", "prep", "xcomp"):
                r.theme += subtree_span(c, offset)
            if c.dep_ in ("attr", "oprd"):
                r.predicate += members(c, offset)
    if tok.dep_ in ("attr", "oprd") and pos == "noun":  # 'Russia is the main supplier'
        r.predicate += [m for c in tok.head.children if c.dep_ in ("nsubj",) for m in members(c, offset)]
    if pos == "noun":  # 'the aid package announced by Berlin'
        for c in kids:
            if c.dep_ == "acl":
                r.agent += [m for a in c.children if a.dep_ == "agent" for m in _named_by(a, offset)]
    left, right = tok.left_edge.i, tok.right_edge.i
    head = tok
    while head.dep_ not in ("ROOT",) and head.head.i != head.i and (
            head.dep_ not in ("ccomp", "advcl", "relcl", "conj", "parataxis") or
            (head.dep_ in ("relcl", "advcl") and _infinitive(head))):  # '(signed) the deal to buy …'
        head = head.head
    left, right = min(left, head.left_edge.i), max(right, head.right_edge.i)
    r.clause = (offset + tok.doc[left].idx, offset + tok.doc[right].idx + len(tok.doc[right].text))
    # tense and cues of the verb that carries the event
    # (not a verb that only says what the deal holds: 'the purchase covers 30 jets' is no delivery under way)
    carrier = tok if pos == "verb" else (tok.head if tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and
                                          tok.head.tag_.startswith("VB") and tok.head.lower_ not in _BE | _HOLDS
                                          else None)
    if carrier is not None:
        r.tense, neg = _verb_info(carrier)
        r.negated = r.negated or neg
    r.passive = _participle(tok) and (any(c.dep_ == "auxpass" for c in kids) or tok.dep_ == "acl")
    r.own = subtree_span(tok, offset, {c.i for c in kids if c.dep_ in ("relcl", "advcl", "ccomp", "acl")})
    if pos == "noun" and is_verb(tok.head):  # 'announced on Monday the delivery of …'
        r.own += [sp for c in tok.head.children if c.dep_ in ("prep", "npadvmod") and c.i != tok.i
                  for sp in subtree_span(c, offset)]
    root = tok
    while root.head.i != root.i:
        root = root.head
    if root.i != tok.i:  # '… bought by the Nigerian Army … arrived on April 8'
        r.main_dates = [sp for c in root.children if c.dep_ in ("prep", "npadvmod") for sp in subtree_span(c, offset)]
    _inherit(tok, offset, r)
    return r


def _inherit(tok: Token, offset: int, r: Roles) -> None:
    """Walk up the words that govern the trigger: a controlling verb's subject (or its object, for 'accused X of
    supplying', 'prompted X to send'), a deal's other party, the cues that change its stage ('approved', 'plans
    to', 'refused to', 'may'), the theme of a transfer it continues, and a verb of saying's subject."""
    from .lexicon import transfer_triggers

    node, hops = tok, 0
    relation = "object" if tok.dep_ in ("dobj", "nsubjpass", "pobj") else "complement"
    want_subject = not r.subj and not r.passive
    via_prep = None
    given_chain = r.passive and not r.subjpass  # a passive trigger whose subject is a governing verb's
    while node.dep_ != "ROOT" and node.head.i != node.i and hops < 6:
        dep, head = node.dep_, node.head
        hops += 1
        if dep not in _CLIMB:
            break
        lower = head.lower_
        if dep == "prep":
            via_prep = node.lower_
        if dep in ("ccomp", "conj") and lower in speech_verbs():
            r.speakers += [m for c in head.children if c.dep_ in ("nsubj", "nsubjpass")
                           for m in members(c, offset)]
            cue = status_cues().get(lower)
            if cue and cue.lemma in ("accuse", "allege", "claim", "report", "deny", "suspect"):
                r.cues.append((cue, "complement"))
            break
        cue_word = _phrasal(head)
        if cue_word in status_cues() and head.i != tok.i:
            r.cues.append((status_cues()[cue_word], relation))
        for c in head.children:
            if c.dep_ in ("aux", "advmod", "neg", "amod") and c.lower_ in status_cues() and c.i != node.i:
                r.cues.append((status_cues()[c.lower_], "complement"))
            if c.dep_ == "dobj" and c.lower_ in _PENALTIES and c.lower_ in status_cues() and via_prep == "for":
                r.cues.append((status_cues()[c.lower_], "complement"))  # 'imposed sanctions on X for supplying …'
            if c.dep_ == "aux" and c.lower_ in ("may", "might", "could"):
                r.hypothetical = True
            if c.dep_ == "neg" and is_verb(head):
                r.negated = r.negated or dep in ("xcomp",)
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                r.hypothetical = True
            if c.dep_ == "advcl" and c.tag_ == "VBN" and c.i < node.i and c.lower_ in status_cues():
                r.cues.append((status_cues()[c.lower_], "object"))  # 'Signed in 2019, the purchase covers …'
            if c.dep_ == "prep":
                r.under_deal += _under_deal(c, offset)
        if head.tag_.startswith("VB"):
            t, _ = _verb_info(head)
            if t == "future" and r.tense != "future" and dep in ("xcomp", "dobj", "acl", "ccomp"):
                r.tense = "future"
            for c in head.children:  # 'won a Romanian Ministry of Defense tender to supply …'
                if c.dep_ == "dobj" and c.i != node.i and c.lower_ in _DEAL_NOUNS:
                    for cc in c.children:
                        if cc.dep_ in ("poss", "compound", "nmod") and cc.i < c.i and not _is_pronoun(cc):
                            r.counterparts.append(np_span(cc, offset))
                        if cc.dep_ == "prep" and cc.lower_ in ("with", "between"):
                            r.counterparts += _named_by(cc, offset)
                    # 'signed a deal with Denmark to acquire used F-16s': the parser hangs 'with' on the verb
                    r.counterparts += [m for cc in head.children if cc.dep_ == "prep" and cc.i != node.i
                                       and cc.lower_ in ("with", "between") for p in _pobjs(cc)
                                       for m in members(p, offset)]
            if dep in ("conj", "advcl") and not r.governing_theme and (lower, "verb") in transfer_triggers():
                r.governing_theme += [sp for c in head.children if c.dep_ == "dobj" for sp in subtree_span(c, offset)]
        given_chain = given_chain and dep in ("xcomp", "acomp")
        if given_chain:  # 'assistance is expected to be given to …', 'the jets are due to be delivered': what is given
            for c in head.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    r.subjpass += members(c, offset)
                    r.theme += subtree_span(c, offset)
                    given_chain = False
        if want_subject and not r.inherited_subj:
            r.inherited_subj += _subject_of(head, node, dep, via_prep, offset, first=node.i == tok.i)
            poss = [c for c in head.children if c.dep_ == "poss"]
            if poss and is_noun(head) and not r.inherited_subj:
                r.inherited_subj += members(poss[0], offset)
        if dep == "dobj" and (frame_shifts().get((lower, node.lower_)) or ("",))[0] == "awarded":
            _awarded(head, node, tok, offset, r)
        if is_noun(head):
            for c in head.children:
                if c.dep_ == "prep" and (c.lower_ in ("with", "between") or
                                         (c.lower_ == "from" and head.lower_ in _DEAL_NOUNS)):
                    r.counterparts += _named_by(c, offset)  # 'an order from Peru to …'
                if c.dep_ in ("poss", "compound") and c.i < head.i and not _is_pronoun(c):
                    r.counterparts.append(np_span(c, offset))  # 'a Romanian Ministry of Defense tender'
            if (head.lower_, "noun") in transfer_triggers():
                r.governed_by_trigger = True
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("to", "for", "from") and c.i != node.i and not _addressed(c):
                r.inherited_preps.setdefault(c.lower_, []).extend(_named_by(c, offset))
        if dep == "relcl" and (not _infinitive(node) or
                               getattr(transfer_triggers().get((lower, "noun")), "frame", None) == "loan"):
            break  # a relative clause asserts on its own; the main clause's cues are not its ('a deal to buy …'
            # the parser may call one too: that one is the deal's own, and goes on up, unless it is a loan's,
            # whose lender is not the buyer)
        relation = "object" if dep in ("dobj", "nsubjpass", "pobj") else "complement"
        node = head


def _awarded(verb: Token, deal: Token, tok: Token, offset: int, r: Roles) -> None:
    """'the ministry awarded Hanwha a contract', 'Hanwha was awarded a contract by the ministry (to supply …)': the
    one awarded supplies, the one awarding buys, whichever the voice. For the deal itself the awardee goes where
    the 'awarded' frame reads its supplier (the indirect object) and the awarder where it reads its customer (the
    governing subject); for a clause under the deal ('to supply …') the awardee is its doer and the awarder the
    deal's other party."""
    kids = list(verb.children)
    passive = any(c.dep_ == "auxpass" for c in kids)
    awardee = [c for c in kids if c.dep_ == "nsubjpass"] if passive else \
        [p for c in kids if c.dep_ == "dative" for p in (_pobjs(c) if c.tag_ == "IN" else [c])]
    awarder = [p for c in kids + list(deal.children) if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
               for p in _pobjs(c)] if passive else [c for c in kids if c.dep_ == "nsubj"]
    takers = [m for a in awardee if not _is_pronoun(a) for m in members(a, offset)]
    givers = [m for a in awarder for m in members(a, offset)]
    if tok.i == deal.i:
        r.dative = takers or r.dative
        r.inherited_subj = givers
    else:
        r.inherited_subj = takers or r.inherited_subj
        r.counterparts += givers


def _subject_of(head: Token, node: Token, dep: str, via_prep: str | None, offset: int,
                first: bool = False) -> list[Span]:
    """Who does what `node` says, from the word that governs it."""
    kids = list(head.children)
    subj = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass") and c.i != node.i]
    dobj = [c for c in kids if c.dep_ == "dobj" and c.i != node.i]
    if dep == "xcomp" and dobj and is_verb(head):  # 'prompting Cairo to send', 'allowed India to buy'
        return members(dobj[0], offset)
    if dep in ("pobj", "pcomp", "prep") and via_prep == "for" and is_noun(head) and head.dep_ == "pobj" and \
            head.head.lower_ in ("on", "against") and head.head.head.lower_ in _PENALTIES:
        return members(head, offset)  # 'sanctions on an Iranian firm for shipping drones': the firm ships them
    if dep in ("pobj", "pcomp", "prep") and via_prep in ("of", "for", "over") and dobj and is_verb(head):
        if dobj[0].lower_ in _PENALTIES:  # 'imposed sanctions on three firms for supplying …'
            return [m for c in dobj[0].children if c.dep_ == "prep" and c.lower_ in ("on", "against")
                    for m in _named_by(c, offset)]
        return members(dobj[0], offset)  # 'accused the UAE of providing', 'sanctioned X for shipping'
    if dep == "nsubj" and head.lower_ in _BE:  # 'the states buying … are Qatar and Israel'
        return [] if first else [m for c in kids if c.dep_ == "attr" for m in members(c, offset)]
    if not subj and head.tag_ == "VBG":  # 'with Poland becoming the first state to acquire …'
        subj = [p for c in head.head.children if c.dep_ == "prep" and c.lower_ == "with" and c.i < head.i
                for p in _pobjs(c) if head.i - p.i <= 4]
    if subj and dep != "conj":
        s = subj[0]
        if s.lower_ in _RELATIVE and head.dep_ == "relcl":
            return members(head.head, offset)
        return members(s, offset)
    if subj and dep == "conj" and is_verb(head):
        return members(subj[0], offset)
    return []


_ADDRESSED = word_class("addressed")
_PENALTIES = word_class("penalties")


def _addressed(prep: Token) -> bool:
    return prep.lower_ == "to" and prep.i > 0 and prep.doc[prep.i - 1].lower_ in _ADDRESSED


def _is_pronoun(t: Token) -> bool:
    return t.tag_ in ("PRP", "PRP$")


def pronoun(span_text: str) -> bool:
    return span_text.lower() in _PRONOUNS or bool(_REFERRING.fullmatch(span_text))


# 'the company', 'this state': a noun that refers back to a firm or a state named before
_REFERRING = re.compile(r"(?i)(?:the|this|that)\s+(?:" + "|".join(sorted(word_class("firm nouns"))) +
                        r"|country|nation|state|ministry|government|kingdom|republic)")


# ---- without a model: the same roles from word order --------------------------------------------------------

_PREPS = ("to", "from", "with", "by", "for", "between", "of")


def shallow_roles(text: str, sentence: Span, trigger: Span, pos: str, anchors: list[Span]) -> Roles:
    """Roles read from word order: the nearest named thing before the trigger is its subject; one right after
    'to', 'from', 'with', 'by' or 'for' following it fills that preposition; the rest of the clause is the
    theme. `anchors` are the spans of named things (mentions) of the sentence."""
    s0, s1 = sentence
    t0, t1 = trigger
    clause_end = next((m.start() + t1 for m in re.finditer(r"[;]|,\s+(?:but|while|whereas|and)\s", text[t1:s1])), s1)
    clause_start = max([s0] + [m.end() + s0 for m in re.finditer(r"[;]|,\s+(?:but|while|whereas)\s", text[s0:t0])])
    r = Roles(trigger=trigger, pos=pos, clause=(clause_start, clause_end))
    before = [a for a in anchors if clause_start <= a[0] and a[1] <= t0]
    for a in reversed(before):
        prev = text[max(clause_start, a[0] - 12):a[0]]
        if re.search(r"\b(?:to|from|with|by|for|of|in|at|on|between|against|than)\s+(?:the\s+)?$", prev, re.I):
            continue
        if text.startswith(("'s", "’s"), a[1]) and t0 - a[1] < 40:
            r.poss.append(a)
        else:
            r.subj.append(a)
        break
    for a in anchors:
        if not (t1 <= a[0] < clause_end):
            continue
        prev = text[max(t1, a[0] - 40):a[0]]
        m = re.search(r"\b(to|from|with|by|for|between|of)\s+(?:(?:the|both|and|,)\s+|[\w-]+\s+){0,2}$", prev, re.I)
        if m:
            r.preps.setdefault(m.group(1).lower(), []).append(a)
        elif a[0] - t1 < 4:
            r.obj.append(a)
    r.theme = [(t1, clause_end)] + ([(clause_start, t0)] if pos == "noun" else [])
    r.definite = pos == "noun" and bool(re.search(r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,2}$", text[s0:t0], re.I))
    words = text[clause_start:t0].lower().split()
    if any(w in _FUTURE for w in words[-4:]):
        r.tense = "future"
    r.negated = bool(re.search(r"\b(?:not|never|no)\b", text[max(clause_start, t0 - 25):t0], re.I))
    r.hypothetical = bool(re.search(r"\b(?:if|unless|whether)\b", text[clause_start:t0], re.I))
    for w in re.findall(r"[\w'-]+", text[clause_start:t0].lower())[-6:]:
        if w in status_cues():
            r.cues.append((status_cues()[w], "complement"))
    return r

