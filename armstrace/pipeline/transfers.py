"""Transfers stage: who supplies which arms to whom, when, how many, for how much, on what terms and at what stage.

A sentence states a transfer when it has an arms term (a catalogued system, a kind of weapon, or 'arms') and a
trigger: a supply verb or noun (sell, supplies, deliveries, provision), an acquisition verb or noun (buy,
obtained, purchases, imports), a supplier noun (main arms supplier), or possession (in Armenia's arsenal).
Supplier and recipient come from the trigger's frame: the subject, 'to X', 'from X', possessives, origin
adjectives ('Russian-built', 'Israeli'), 'both sides', and from the previous sentence for 'it'.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from spacy.tokens import Doc

from ..model import Money, Period, Transfer
from .annotations import Mention, Sentence, evidence
from .knowledge import knowledge, term_pattern
from .temporal import dates_in

SUPPLY_VERB = (r"sell|sells|selling|sold|supply|supplies|supplying|supplied|provide|provides|providing|provided|"
               r"deliver|delivers|delivering|delivered|ship|ships|shipped|shipping|export|exports|exported|"
               r"exporting|transfer|transfers|transferred|arm|arming|armed|equip|equips|equipped|equipping|hand|"
               r"handed|give|gives|gave|given|send|sends|sent|offer|offers|offered")
ACQUIRE_VERB = (r"buy|buys|buying|bought|purchase|purchases|purchased|purchasing|procure|procures|procured|"
                r"procuring|acquire|acquires|acquired|acquiring|import|imports|imported|importing|obtain|obtains|"
                r"obtained|obtaining|receive|receives|received|receiving|order|orders|ordered|ordering|"
                r"took\s+delivery|take\s+delivery|taken\s+delivery|get|gets|got")
SUPPLY_NOUN = (r"sales?|supplies|supply|deliveries|delivery|shipments?|exports?|transfers?|provision|"
               r"upgrading|modernization|modernisation")
ACQUIRE_NOUN = r"purchases?|imports?|procurement|acquisitions?|orders?|contracts?|deals?"
SUPPLIER_NOUN = r"suppliers?|sellers?|providers?|exporters?|sources?"
POSSESS_NOUN = r"arsenal|inventory|stockpile"
PARTNER = r"collaboration|cooperation|co-operation|partnership|ties"

_TRIGGER = re.compile(
    rf"\b(?:(?P<sv>{SUPPLY_VERB})|(?P<av>{ACQUIRE_VERB})|(?P<sn>{SUPPLY_NOUN})|(?P<an>{ACQUIRE_NOUN})|"
    rf"(?P<sp>{SUPPLIER_NOUN})|(?P<po>{POSSESS_NOUN})|(?P<pa>{PARTNER}))\b", re.I)
_ARMS_WORD = re.compile(r"\b(?:arms|weapons?|weaponry|military\s+(?:hardware|equipment|supplies|shipments|cargo|"
                        r"aid|assistance)|hardware|missiles?|munitions?|ammunition|drones?|rockets?|tanks?|"
                        r"launchers?|systems?|aircraft|jets?|radars?|howitzers?)\b", re.I)
_BOTH = re.compile(r"\bboth\s+(?:sides|countries|rivals|parties|belligerents|warring\s+sides)|\bthe\s+two\s+(?:sides|rivals|"
                   r"countries)|\bboth\b(?=\s*[.,;)])", re.I)
_PREP = re.compile(r"\b(?:to|from|with|in|of|for|between|against|on|by|at|into|toward|towards|over|than|near|"
                   r"about|via|through)\s+(?:the\s+)?$", re.I)
_MONEY = re.compile(r"(?:(?P<cur>US\$|\$|€|£|USD\s?|EUR\s?)\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mul>million|billion|bn|mn|m|b)?\b"
                    r"|(?P<num2>\d[\d,]*(?:\.\d+)?)\s*(?P<mul2>million|billion)\s+(?P<cur2>dollars|euros|rubles|roubles))",
                    re.I)
_QUANTITY_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                   "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "dozen": 12, "a dozen": 12}
_NOT_TRANSFER = re.compile(r"\b(?:should|ought\s+to|if\s+we\s+were|whether)\b|\blocali[sz]ed\s+production\b", re.I)
_HEADLINE = re.compile(r"^[^.!?]{0,140}$")


def money(text: str) -> Optional[Money]:
    m = _MONEY.search(text)
    if not m:
        return None
    num = float((m["num"] or m["num2"]).replace(",", ""))
    mul = (m["mul"] or m["mul2"] or "").lower()
    num *= {"million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9}.get(mul, 1)
    cur = (m["cur"] or m["cur2"] or "").strip().lower()
    currency = {"$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR", "euros": "EUR",
                "£": "GBP", "rubles": "RUB", "roubles": "RUB"}.get(cur, "USD")
    return Money(amount=round(num, 2), currency=currency)


def _status(sent: str, trig: re.Match, kind: str) -> str:
    s = sent.lower()
    window = s[max(0, trig.start() - 60):trig.end() + 60]
    if re.search(r"\b(?:denied|denies|deny|dismissed|rejected|refuted)\b", window):
        return "denied"
    if re.search(r"\b(?:curtail\w*|cut\s+back|reduc\w+|halt\w*|suspend\w*|freez\w*|stop(?:ped|s)?|scal\w+\s+back|"
                 r"embargo|ban(?:ned)?)\b", window):
        return "curtailed"
    if re.search(r"\b(?:alleg\w*|reportedly|accus\w*|alarmed|claim\w*|suspect\w*|rumou?r\w*|could\s+not\s+import)\b", s):
        return "alleged"
    if re.search(r"\b(?:pledg\w*|promis\w*|vow\w*|committed\s+to)\b", window):
        return "pledged"
    if re.search(r"\b(?:ordered|signed|contract|deal|(?<!in )order|agreed|loan|credit|lend|lent)\b", window) \
            and not re.search(r"\b(?:delivered|received|took\s+delivery)\b", window):
        return "ordered"
    if re.search(r"\b(?:will|plan\w*|intend\w*|expect\w*|to\s+be\s+delivered|is\s+to|are\s+to|would|may|might|"
                 r"interested\s+in|seek\w*|want\w*)\b", s[max(0, trig.start() - 40):trig.end() + 10]):
        return "planned"
    verb = trig.group(0).lower()
    if kind in ("sp", "po"):
        return "delivered"
    if re.search(r"(?:ing)$", verb) and re.search(r"\b(?:is|are|has\s+been|have\s+been|was|were)\s+(?:\w+\s+){0,2}$",
                                                 s[:trig.start()]):
        return "ongoing"
    if verb in ("sells", "supplies", "provides", "delivers", "exports", "ships", "arms", "buys", "imports",
                "sale", "sales", "supply", "exports", "deliveries", "upgrading", "modernization", "modernisation") \
            or re.fullmatch(r"(?:sales?|suppl(?:y|ies)|deliver(?:y|ies)|shipments?|exports?|transfers?|provision)", verb) and \
            not re.search(r"\b(?:was|were|had)\b", s[max(0, trig.start() - 30):trig.start()]):
        return "ongoing"
    return "delivered"


def _financing(sent: str) -> Optional[str]:
    s = sent.lower()
    if re.search(r"\bloans?\b|\blen[dt]s?\b|\blending\b", s):
        return "loan"
    if re.search(r"\bcredits?\b", s):
        return "credit"
    if re.search(r"\bdiscount\w*|cut-price|reduced\s+prices?|preferential\s+prices?|domestic\s+prices?", s):
        return "discount"
    return None


def _countries(ms: list[Mention]) -> list[Mention]:
    return [m for m in ms if m.type == "country"]


def _is_object(text: str, m: Mention, sent_start: int) -> bool:
    return bool(_PREP.search(text[max(sent_start, m.start - 12):m.start]))


def _subject_before(text: str, cs: list[Mention], pos: int, sent: Sentence) -> Optional[Mention]:
    """The country standing as subject before pos: the nearest not governed by a preposition or possessive."""
    for m in reversed([c for c in cs if c.end <= pos]):
        if _is_object(text, m, sent.start) or text.startswith(("’s", "'s"), m.end):
            continue
        if m.kind == "demonym" and not re.match(r"\s+(?:officials|government|authorities|side|leadership|companies|"
                                                 r"firms|state|military|army|forces)", text[m.end:m.end + 25]):
            continue
        if m.kind == "origin":
            continue
        return m
    return None


def _list_after(text: str, cs: list[Mention], pos: int, limit: int, words: str) -> list[str]:
    """Countries in a 'to X, Y and Z' list right after pos (within limit chars)."""
    out = []
    m = re.match(rf"[^.;:]*?\b(?:{words})\s+", text[pos:pos + limit])
    if not m:
        return out
    cur = pos + m.end()
    for c in cs:
        if c.start < cur:
            continue
        gap = text[cur:c.start]
        if re.fullmatch(r"\s*(?:,|and|or|,\s*and|the|both)?\s*(?:the\s+)?", gap) or (not out and re.fullmatch(r"[\w\s-]{0,20}", gap) and c.start - pos < limit):
            if c.kind not in ("demonym", "origin") or c.text.endswith("s"):
                out.append(c.canonical)
            cur = c.end
        else:
            break
    return out


def _origin_before(text: str, cs: list[Mention], pos: int, sent: Sentence) -> Optional[str]:
    """'Russian-made arms', 'Israeli kamikaze drones', 'Russia's ... sales': the supplier named by an adjective
    or possessive shortly before the arms term or trigger."""
    for c in reversed([c for c in cs if c.end <= pos and pos - c.end <= 45 and c.start >= sent.start]):
        between = text[c.end:pos]
        if re.search(r"[.;:]|\bto\b|\bfrom\b|\bwith\b", between):
            continue
        if c.kind in ("origin", "demonym") or between.startswith(("’s", "'s")):
            return c.canonical
    return None


def _rivals(doc: Doc, exclude: set[str]) -> list[str]:
    """'Both sides': the two countries the article is most about, other than the supplier."""
    counts = Counter(m.canonical for m in doc._.mentions if m.type == "country" and m.canonical not in exclude)
    return [c for c, _ in counts.most_common(2)]


def _arms_terms(doc: Doc, sent: Sentence) -> list[tuple[int, int, Optional[str], Optional[str], str]]:
    """(start, end, family, variant, category) for each system or kind of weapon in the sentence."""
    cache = doc._.facts.setdefault("_arms", {})
    if sent.start not in cache:
        cache[sent.start] = _find_arms(doc, sent)
    return cache[sent.start]


def _find_arms(doc: Doc, sent: Sentence):
    k = knowledge()
    out = []
    for m in doc._.mentions:
        if m.type == "weapon system" and sent.start <= m.start < sent.end:
            out.append((m.start, m.end, m.canonical, m.variant,
                        k.category_of(m.canonical) or m.category or "general"))
    for m in term_pattern().finditer(sent.text):
        s, e = sent.start + m.start(), sent.start + m.end()
        if not any(a < e and s < b for a, b, *_ in out):
            out.append((s, e, None, None, k.weapon_terms[m.group(0).lower()]))
    return sorted(out)


def _quantity(text: str, start: int) -> Optional[int]:
    m = re.search(r"\b(\d{1,3}(?:,\d{3})*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
                  r"a dozen|dozen)\s+(?:[\w-]+\s+){0,2}$", text[max(0, start - 40):start], re.I)
    if not m:
        return None
    v = m.group(1).lower()
    return int(v.replace(",", "")) if v[0].isdigit() else _QUANTITY_WORDS.get(v)


def transfers(doc: Doc) -> Doc:
    text = doc._.text
    out: list[Transfer] = []
    topic: Optional[str] = None          # the country the previous sentence was about ('it' resolves to it)
    last: Optional[Transfer] = None      # the previous sentence's transfer, for 'the loan would finance ...'
    doc_year = doc._.doc_date[:4] if doc._.doc_date else None
    # a system's maker as the text itself states it ('Russia-made Iskander-M')
    stated_origin: dict[str, str] = {}
    prev_arms = False
    for m in doc._.mentions:
        if m.type == "weapon system":
            o = _origin_before(text, _countries(doc._.mentions), m.start, Sentence(max(0, m.start - 50), m.end, ""))
            if o:
                stated_origin.setdefault(m.canonical, o)
    for sent in doc._.sentences:
        cs = _countries([m for m in doc._.mentions if sent.start <= m.start < sent.end])
        subj = _subject_before(text, cs, sent.end, sent) if cs else None
        found = _sentence_transfers(doc, sent, cs, topic, last, stated_origin, doc_year, prev_arms) \
            if not _HEADLINE.match(sent.text) or sent.text.endswith(".") else []
        prev_arms = bool(_arms_terms(doc, sent)) or bool(re.search(r"\b(?:military|defen[cs]e|arms|weapons?)\b",
                                                                    sent.text, re.I))
        out += found
        doc._.facts["transfers"] = out
        last = found[-1] if found else (None if cs else last)
        first = next((c for c in cs if not _is_object(text, c, sent.start) and c.kind in ("name", "capital", "metonym")), None)
        if first:
            topic = first.canonical
        elif subj:
            topic = subj.canonical
    doc._.facts["transfers"] = _merge(out)
    return doc


_AMBIGUOUS = {"purchases", "purchase", "imports", "import", "exports", "export", "orders", "order", "supplies",
              "supply", "transfers", "transfer", "arms", "ships", "offers", "offer"}
_VERB_BEFORE = re.compile(r"(?:\b(?:it|they|he|she|which|that|who|also|still|now|has|have|had|will|would|to|"
                          r"regularly|reportedly|already|recently|and|not|never|continue|continues|continued)|"
                          r"[A-Z][a-z]+)\s+$")
DISPLAY_VERB = re.compile(r"\b(?:paraded|displayed|showed|unveiled|deployed|fielded|operates|operated|uses|used|"
                          r"fired|launched|showcased)\b", re.I)
_CLAUSE = re.compile(r";|,\s*(?:but|while|whereas)\b|\s(?:but|while|whereas)\s")


def _clauses(sent: Sentence) -> list[tuple[int, int]]:
    bounds, pos = [], sent.start
    for m in _CLAUSE.finditer(sent.text):
        bounds.append((pos, sent.start + m.start()))
        pos = sent.start + m.end()
    bounds.append((pos, sent.end))
    return bounds


def _triggers(doc: Doc, sent: Sentence, cs: list[Mention]):
    """(kind, start, end, match) of every trigger, ambiguous noun/verb forms decided by what precedes them."""
    text = doc._.text
    for trig in _TRIGGER.finditer(sent.text):
        kind = trig.lastgroup
        t0 = sent.start + trig.start()
        word = trig.group(0).lower()
        if kind in ("sv", "av") and word in _AMBIGUOUS:
            before = text[max(sent.start, t0 - 25):t0]
            if not _VERB_BEFORE.search(before) or re.search(r"\b(?:the|its|their|his|her|of|arms|weapons?|military|"
                                                            r"more|new|future|further|for|such|these|those)\s+$",
                                                            before, re.I):
                kind = "sn" if kind == "sv" else "an"
        if kind == "sn" and re.match(r"\s+(?:market|markets|licen[cs]es?|controls?|regime|ban)\b", text[t0 + len(word):]):
            continue
        yield kind, trig
    for m in DISPLAY_VERB.finditer(sent.text):
        yield "dv", m


def _sentence_transfers(doc: Doc, sent: Sentence, cs: list[Mention], topic: Optional[str], last: Optional[Transfer],
                        stated_origin: dict[str, str], doc_year: Optional[str], prev_arms: bool) -> list[Transfer]:
    text = doc._.text
    k = knowledge()
    arms = _arms_terms(doc, sent)
    if not arms and prev_arms:
        # 'Russia is the main supplier.' right after a sentence about arms: the supplier noun carries it
        sp = re.search(rf"\b(?:{SUPPLIER_NOUN})\b", sent.text, re.I)
        arms = [(sent.start + sp.start(), sent.start + sp.end(), None, None, "general")] if sp else []
    if not arms or _NOT_TRANSFER.search(sent.text):
        return []
    results: list[Transfer] = []
    done_clauses: set[tuple[int, int]] = set()
    clauses = _clauses(sent)
    # triggers in text order, except that a bare 'the deal'/'the loan' waits for the clause's own triggers
    def order(kt):
        kind, trig = kt
        bare = kind == "an" and re.match(r"(?:deals?|contracts?|loans?)$", trig.group(0), re.I)
        return (1 if bare else 0, trig.start())

    for kind, trig in sorted(_triggers(doc, sent, cs), key=order):
        t0, t1 = sent.start + trig.start(), sent.start + trig.end()
        clause = next(c for c in clauses if c[0] <= t0 <= c[1])
        if clause in done_clauses:
            continue
        csent = Sentence(clause[0], clause[1], text[clause[0]:clause[1]])
        ccs = [c for c in cs if clause[0] <= c.start < clause[1]]
        near = [a for a in arms if clause[0] <= a[0] < clause[1] and (a[2] or abs(a[0] - t1) < 90 or abs(t0 - a[1]) < 90)]
        if not near:
            continue
        if kind == "pa" and not re.search(r"\b(?:arms|weapons?|military|defen[cs]e)\b", sent.text, re.I):
            continue
        if re.search(r"\bif\b|\bunless\b", text[clause[0]:t0], re.I):
            continue  # a hypothetical, not a transfer
        if kind == "dv" and (not any(a[2] for a in near) or re.search(
                r"\b(?:been|was|were|is|are|be)\s+$|\bthe\s+$", text[max(clause[0], t0 - 10):t0])):
            continue  # displays and uses count only for named systems, and only when someone does them
        pronoun = re.search(r"\b(?:it|they)\s+(?:\w+\s+){0,3}$", text[max(clause[0], t0 - 30):t0], re.I)
        if pronoun and any(m.type == "organization" and sent.start <= m.start < t0 for m in doc._.mentions):
            pronoun = None  # 'Hanwha, which builds the K9, said it expected orders': 'it' is the company
        possessive_pronoun = re.search(r"\b(?:its|their)\s+(?:[\w-]+\s+){0,3}$", text[max(clause[0], t0 - 30):t0], re.I)
        supplier, recipient = _frame(doc, csent, ccs, kind, t0, t1, topic, last, pronoun, possessive_pronoun)
        if not recipient and not supplier:
            continue
        made = []
        for fam_start, fam_end, family, variant, category in _pick_arms(near, t0):
            origin = _origin_before(text, ccs, fam_start, csent)
            sup = supplier or ([origin] if origin else []) or \
                ([stated_origin[family]] if family in stated_origin else [])
            confidence = 1.0
            if not sup and family and kind in ("av", "po", "dv") and k.weapons[family].origin:
                # 'Azerbaijan received Harop drones': the text names no supplier; the system's maker is the
                # likely one, from the catalogue, and the fact says so by its lower confidence
                sup, confidence = [k.weapons[family].origin], 0.6
            for su in sup:
                for rc in recipient:
                    if su and rc and su != rc and k.is_country(su) and k.is_country(rc):
                        t_ = _transfer(doc, sent, csent, trig, kind, su, rc, family, variant, category,
                                       fam_start, last, doc_year)
                        t_.confidence = confidence
                        made.append(t_)
        if made:
            results += made
            done_clauses.add(clause)
    return results


def _frame(doc, clause: Sentence, cs, kind, t0, t1, topic, last, pronoun, possessive_pronoun):
    """Supplier and recipient countries of one trigger."""
    text = doc._.text
    supplier: list[str] = []
    recipient: list[str] = []
    subj = _subject_before(text, cs, t0, clause)
    poss = next((c for c in reversed(cs) if c.end <= t0 and t0 - c.end < 40 and text.startswith(("’s", "'s"), c.end)),
                None)
    if kind == "sv":
        supplier = [subj.canonical] if subj else ([last.supplier] if pronoun and last else ([topic] if pronoun and topic else []))
        own = _origin_before(text, cs, t0, clause)
        if not supplier and own:  # 'the Israeli systems delivered to Azerbaijan'
            supplier = [own]
        recipient = _list_after(text, cs, t1, 90, "to")
        if not recipient and (_BOTH.search(text[t1:t1 + 60]) or re.match(r"\s+both\b", text[t1:t1 + 10])):
            recipient = _rivals(doc, set(supplier))
        if not recipient:  # 'granted Armenia a loan', 'supplies Armenia with'
            obj = next((c for c in cs if c.start >= t1 and c.start - t1 < 4 and c.kind != "demonym"), None)
            recipient = [obj.canonical] if obj else []
    elif kind == "av":
        recipient = [subj.canonical] if subj else ([last.recipient] if pronoun and last else ([topic] if pronoun and topic else []))
        supplier = _list_after(text, cs, t1, 120, "from")
    elif kind in ("sn", "an"):
        supplier = _list_after(text, cs, t1, 60, "from")
        own = _origin_before(text, cs, t0 + 1, clause)
        if kind == "sn":
            if not supplier and own:
                supplier = [own]
            if not supplier and possessive_pronoun:
                supplier = [last.supplier] if last and last.supplier else ([topic] if topic else [])
            if not supplier and subj and not re.search(r"\bto\s+(?:\w+\s+){0,2}$", text[clause.start:subj.start]):
                supplier = [subj.canonical]
            recipient = _list_after(text, cs, t1, 60, "to")
            if not recipient and _BOTH.search(text[t1:t1 + 50]):
                recipient = _rivals(doc, set(supplier))
            if not supplier:  # 'Simultaneous weapons sales to Azerbaijan enable Russia to ...'
                after = [c for c in cs if c.start > t1 and c.canonical not in recipient and c.kind in ("name", "capital", "metonym")]
                supplier = [after[0].canonical] if after else ([last.supplier] if last and last.supplier else [])
        else:
            recipient = _list_after(text, cs, t1, 60, "to|by")
            if not recipient and poss:
                recipient = [poss.canonical]
            anaphora = re.search(r"\bthe\s+(?:[\w-]+\s+)?(?:loan|credit|deal|contract)\b", clause.text, re.I) \
                and not re.search(rf"\b(?:{SUPPLY_VERB}|{SUPPLY_NOUN}|{ACQUIRE_VERB})\b", text[t1:clause.end], re.I)
            if not recipient:
                recipient = [subj.canonical] if subj else ([last.recipient] if last and last.recipient and anaphora else
                                                           ([topic] if topic and pronoun else []))
                if pronoun and supplier and not subj:
                    recipient = []  # 'it expected orders from Norway': the countries are the buyers, 'it' unclear
            if not supplier and re.match(r"\w*\s+with\b", text[t0:t1 + 6]):  # 'a contract with Russia'
                supplier = _list_after(text, cs, t1, 40, "with")
            if not supplier and anaphora and last:
                supplier = [last.supplier]
            if not supplier and subj and subj.canonical not in recipient:  # 'Israel accounted for 69% of X's imports'
                supplier = [subj.canonical]
    elif kind == "sp":
        supplier = [subj.canonical] if subj else []
        recipient = [poss.canonical] if poss else _list_after(text, cs, t1, 40, "to|of|for")
        if not recipient and re.match(r"\s+(?:of|to|for)\s+both\b", text[t1:t1 + 14]):
            recipient = _rivals(doc, set(supplier))
        current = doc._.facts["transfers"][-1].recipient if doc._.facts["transfers"] else None
        for candidate in ((last.recipient if last else None), current, topic):
            if not recipient and candidate and candidate not in supplier:
                recipient = [candidate]
    elif kind == "po":
        p = next((c for c in reversed(cs) if c.end <= t0 and t0 - c.end < 20), None)
        recipient = [p.canonical] if p else []
    elif kind == "pa":
        recipient = [subj.canonical] if subj else ([topic] if (pronoun or possessive_pronoun) and topic else [])
        supplier = _list_after(text, cs, t1, 200, "with")
    elif kind == "dv":
        recipient = [subj.canonical] if subj else []
    return supplier, recipient


def _pick_arms(near, t):
    """The systems a trigger speaks of: every named system (one per family), else the closest kind of weapon."""
    named = {}
    for a in near:
        if a[2] and a[2] not in named:
            named[a[2]] = a
    if named:
        return list(named.values())
    specific = [a for a in near if a[4] != "general"]
    pool = specific or near
    best = min(pool, key=lambda a: abs(a[0] - t))
    return [best]


def _transfer(doc, sent, clause, trig, kind, supplier, recipient, family, variant, category, arm_start, last,
              doc_year) -> Transfer:
    s = clause.text
    status = _status(sent.text, trig, kind) if kind != "dv" else "delivered"
    t0 = sent.start + trig.start()
    # the terms belong to the words around this trigger, not to another deal in the same sentence
    financing = _financing(doc._.text[max(clause.start, t0 - 80):min(clause.end, t0 + len(trig.group(0)) + 60)])
    value = money(s)
    if value and re.search(r"\b(?:budget|spent|spending|gdp)\b", s, re.I):
        value = None
    if last and not value and re.search(r"\bthe\s+(?:[\w-]+\s+)?(?:loan|credit|deal)\b", s, re.I):
        value, financing = last.value, financing or last.financing
        status = last.status if last.status in ("ordered", "delivered") else status
    refs = dates_in(doc, clause.start, clause.end) or dates_in(doc, sent.start, sent.end)
    if refs:
        period = refs[0].period
    elif last and re.search(r"\bthe\s+(?:[\w-]+\s+)?(?:loan|credit|deal)\b", s, re.I):
        period = last.period
    elif status in ("ongoing",) and doc_year:
        period = Period.point(doc_year)
    else:
        period = None
    variant = variant if variant and variant != family else (variant or None)
    return Transfer(supplier=supplier, recipient=recipient, weapon=family, variant=variant, category=category,
                    quantity=_quantity(doc._.text, arm_start), value=value, period=period, status=status,
                    financing=financing, evidence=[evidence(doc, sent.start, sent.end)])


STATUS_CLASS = {"delivered": "actual", "ongoing": "actual", "pledged": "future", "planned": "future"}


def _merge(ts: list[Transfer]) -> list[Transfer]:
    """One transfer per (supplier, recipient, system, kind of status) in a document, with all its evidence; a
    general mention next to the specific systems of the same dyad adds its evidence to them instead."""
    out: dict[tuple, Transfer] = {}
    for t in ts:
        key = (t.supplier, t.recipient, t.weapon, STATUS_CLASS.get(t.status, t.status))
        if key in out:
            kept = out[key]
            kept.evidence += [e for e in t.evidence if e not in kept.evidence]
            for f in ("value", "quantity", "period", "financing", "variant"):
                if getattr(kept, f) is None and getattr(t, f) is not None:
                    setattr(kept, f, getattr(t, f))
        else:
            out[key] = t
    result = list(out.values())
    specific = [t for t in result if t.weapon]
    final = []
    for t in result:
        if t.weapon is None:
            near = [s for s in specific if (s.supplier, s.recipient) == (t.supplier, t.recipient) and (
                s.financing and s.financing == t.financing and abs(s.evidence[0].start - t.evidence[0].end) < 400
                or STATUS_CLASS.get(s.status, s.status) == STATUS_CLASS.get(t.status, t.status)
                and abs(s.evidence[0].start - t.evidence[0].start) < 250)]
            if near:
                for s in near:
                    s.evidence += [e for e in t.evidence if e not in s.evidence]
                continue
        final.append(t)
    return sorted(final, key=lambda t: t.evidence[0].start)
