"""Statistics stage: every number about arms and militaries the text states — spending and budgets, import and
export values and shares, growth and falls, ranks, counts (countries operating a system, rounds delivered,
aircraft on order) — with its subject, counterpart, metric, unit, period and cited source.

Each number is read where it stands: inside brackets after a name ('Israel ($46.5 billion, up 65%)', 'the USA
(%31)'), in a line labelled with its subject ('Russia: Military spending jumped 38% to $149 billion'), or in a
clause whose subject, possessor or 'of' phrase names what it measures ("Germany's arms exports decreased by 43
per cent"); 'it', 'the region' and 'the industry' are the subject named before; 'global' and 'world' figures
are the World's. A sum that is a single deal's value belongs to that transfer, a count that is its quantity
too. A share between two named states ('imports its weapons from the U.S. (69%)') also states a transfer.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Optional

from ..model import Period, Statistic, Transfer
from .actors import report_source
from .annotations import Doc, Mention, Sentence, add_evidence, blanked, evidence, mentions_in, on_time
from .frames import pronoun
from .knowledge import knowledge
from .lexicon import civil
from .numbers import ORDINALS, counts_in, money_in, percents_in
from .parse import parsed
from .temporal import dates_in

# what a number measures: the words around it that name the metric (first match wins)
METRICS = [
    (r"\b(?:gdp|gross domestic product)\b", "military spending share of GDP"),
    (r"\bimports?\b|\bimporters?\b|\bbuy(?:ers?|ing|s)?\b|\bbought\b|\bpurchas\w+\b|\brecipients?\b|\bclients?\b", "arms imports"),
    (r"\bexports?\b|\bexporters?\b|\bsales?\b|\bsellers?\b|\bsuppliers?\b|\bmarket\b", "arms exports"),
    (r"\bspend\w*\b|\bspent\b|\bbudgets?\b|\bexpenditures?\b|\bspenders?\b|\bburden\b", "military spending"),
    (r"\baid\b|\bassistance\b", "military aid"),
    (r"\btransfers?\b|\bdeliver\w*\b", "arms transfers"),
    (r"\bturnover\b|\brevenues?\b", "industry turnover"),
    (r"\bbacklog\b|\borders?\b", "order backlog"),
    (r"\bcapacity\b|\bproduc\w+\b", "production"),
    (r"\binvest\w*\b", "investment"),
    (r"\bcontracts?\b|\bdeals?\b", "contract value"),
]
_STATS_WORDS = re.compile(r"\b(?:military|defen[cs]e|arms|weapons?|spend\w*|spent|budgets?|expenditures?|exports?|"
                          r"imports?|exporters?|importers?|sales?|sellers?|suppliers?|buyers?|market|revenues?|"
                          r"turnover|aid|assistance|invest\w*|production|produce|capacity|backlog|orders?|"
                          r"deliver\w*|transfers?|gdp|contracts?|deals?|ammunition|shells|rounds|munitions|"
                          r"operat\w+|exported|countries|projects|jobs|worth|valued)\b", re.I)
_FALL = re.compile(r"\b(?:down|decreas\w*|fell|fall(?:s|en|ing)?|drop(?:ped|s)?|declin\w*|lower|shr[ai]nk\w*|cut|"
                   r"reduc\w*|slump\w*|plunge\w*)\b", re.I)
_CHANGE = re.compile(r"\b(?:up|down|rose|rise[sn]?|rising|increas\w*|grew|grow\w*|growth|jump\w*|climb\w*|surg\w*|"
                     r"decreas\w*|fell|fall\w*|drop\w*|declin\w*|higher|lower|more|less|shr[ai]nk\w*|soar\w*)\b",
                     re.I)
_LEVEL = re.compile(r"\b(?:to|from)\s+(?:(?:about|around|nearly|almost|roughly|some|over|under|just|more|less|than|"
                    r"an?|estimated)\s+){0,3}$", re.I)
# counts of these are not statistics about arms: people, time, distances and weights
_NOT_UNITS = {"people", "persons", "civilians", "soldiers", "troops", "officers", "sailors", "tourists", "refugees",
              "children", "women", "men", "lives", "deaths", "dead", "injured", "wounded", "casualties", "members",
              "years", "months", "days", "hours", "minutes", "weeks", "seconds", "times", "decades", "meters",
              "metres", "feet", "foot", "km", "kilometers", "kilometres", "miles", "kilograms", "kg", "knots", "mm",
              "hp", "degrees", "percent", "per", "hotspots", "employees", "staff", "votes", "seats", "pages",
              "million", "billion", "thousand", "trillion", "%", "st", "nd", "rd", "th", "a.m.", "p.m.", "am", "pm",
              "o'clock", "type", "types", "kinds", "batch", "batches"}
_GROUP = re.compile(r"\b(?:top|first|last|remaining|initial|the\s+other)\s+$", re.I)
_UNITS = {"countries", "nations", "states", "aircraft", "jets", "fighters", "helicopters", "planes", "tanks", "vehicles",
          "systems", "units", "rounds", "shells", "missiles", "drones", "ships", "vessels", "submarines", "frigates",
          "corvettes", "batteries", "launchers", "howitzers", "guns", "rifles", "weapons", "projects", "contracts",
          "orders", "deals", "jobs", "tons", "tonnes", "munitions", "ammunition", "rockets", "warplanes", "boats",
          "bombs", "interceptors", "troops", "soldiers"} - {"troops", "soldiers"}
_RANK = re.compile(rf"\b(?:(?P<ord>{'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))[- ](?:largest|biggest|highest|most|"
                   rf"top|leading|greatest)|(?P<sup>largest|biggest|leading|major|main|top)|(?P<place>"
                   rf"{'|'.join(ORDINALS)})\s+place)\b", re.I)
_RANK_NOUN = re.compile(r"\s*(?:[\w-]+\s+){0,3}?(?:arms\s+|military\s+|weapons?\s+)?(?:exporter|importer|spender|"
                        r"supplier|seller|buyer|recipient|market|customer|client|country|nation)s?\b", re.I)
_NTH_OPERATOR = re.compile(rf"\b(?P<ord>{'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))\s+(?:country|nation|state)\s+"
                           r"(?:in\s+the\s+world\s+)?to\s+(?:operate|field|buy|acquire|order|receive|use)\b", re.I)
_LABEL = re.compile(r"^(?:\d+\.\s*)?(?P<label>[A-Z][\w.'’ -]{1,40}?):\s+")
_WORLD = re.compile(r"\b(?:global|world(?:wide)?|international|the world)\b", re.I)
_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:continent|region|country|nation|alliance|bloc|industry|company|firm|"
                      r"group|sector|initiative|plant|factory)\b|\b(?:its|their|it|they)\b", re.I)


@dataclass
class Number:
    start: int
    end: int
    value: float
    unit: str
    kind: str       # money | percent | count | rank


def statistics(doc: Doc) -> Doc:
    text = doc.text
    out: list[Statistic] = []
    consumed = _consumed(doc)
    label: Optional[Mention] = None
    last_subject: Optional[str] = None
    period: Optional[Period] = None
    source = report_source(doc)
    last_count_unit: Optional[str] = None
    group: Optional[str] = None       # 'the six biggest exporters' that a later 'they' or 'together' means
    importer: Optional[str] = None    # whose imports the last shares were of
    stats_at = -9                     # the last sentence that stated statistics
    for i, sent in enumerate(doc.sentences):
        on_time(doc)
        lab = _LABEL.match(sent.text)
        label_here = None
        if lab:
            label_here = next((m for m in mentions_in(doc, sent.start, sent.start + lab.end("label"))
                               if _subject_name(doc, m)), None)
            if label_here is not None:
                label = label_here
        refs = [r for r in dates_in(doc, sent.start, sent.end)]
        if refs:
            period = _best_period(refs)
        numbers = _numbers(doc, sent, consumed)
        if not numbers or civil().search(sent.text):
            continue  # (an airline's order of airliners counts nothing of arms)
        if not (_STATS_WORDS.search(sent.text) or _NTH_OPERATOR.search(sent.text) or label_here is not None or
                i - stats_at <= 2 or
                (label is not None and re.match(r"\s*(?:\d+\.\s*)?[A-Z][\w ]+:", sent.text))):
            continue
        p = parsed(doc, sent)
        transfer = _transfer_in(doc, sent)
        for n in numbers:
            subject: Optional[str]
            counterpart: Optional[str]
            if re.search(r"\b(?:they|together|combined|aforesaid|these)\b", text[sent.start:n.start], re.I) and group \
                    and n.kind == "percent" and not _parenthetical(text, sent, n):
                subject, counterpart = group, None  # 'Together, they accounted for 77 percent'
            else:
                subject, counterpart = _subject(doc, sent, n, p, label, last_subject)
            if subject is None and transfer is not None and n.kind in ("money", "count"):
                subject, counterpart = transfer.recipient, transfer.supplier  # '17 vehicles bought by …'
            if subject is None and last_subject and n.kind in ("money", "percent") and _bare_metric(doc, sent, n, p):
                subject = last_subject  # 'inflation-adjusted spending rose by 9.4%': what the text is about
            if n.kind == "percent" and counterpart is None and importer and subject and subject != importer and \
                    re.search(r"\b(?:supplied|provided|accounted\s+for)\b", sent.text) and \
                    not re.search(r"\bof\s+\w+['’]s\b", sent.text):
                # 'The United Kingdom supplied 13 percent over the same period': of the importer named before
                subject, counterpart = importer, subject
            if subject is None:
                continue
            unit = n.unit
            if n.kind == "count" and unit == "?":
                if not last_count_unit:
                    continue
                unit = last_count_unit
            value = n.value
            metric = _metric(_unnamed(doc, sent), sent, n)
            if n.unit in ("countries", "nations", "states") and subject in knowledge().catalogue.families:
                metric = "operator countries"  # 'ten countries operate the Spyder', 'the 12th country to buy the K9'
            elif _STATES_ONLY.search(metric) and subject in knowledge().catalogue.families:
                continue  # 'the $2 billion deal to buy Su-35 jets': a system buys and spends nothing
            if metric.startswith("military aid") and not knowledge().is_country(subject):
                subject = knowledge().state_of(subject) or subject  # 'the Pentagon's $400 million package': a state gives aid
            if metric.startswith("arms imports") and counterpart and _sold_by(doc, sent, subject):
                metric = metric.replace("imports", "exports")  # 'countries buying arms from X: A (37%)': X's exports
            if metric == "contract value" and n.kind == "money":
                subject, counterpart = _contract_parties(doc, sent, subject, counterpart, transfer)
            if n.kind == "percent" and _is_change(text, sent, n):
                if not re.search(r"\bshares?\b", text[max(sent.start, n.start - 60):n.start], re.I):
                    metric = re.sub(r" share$", "", metric)  # 'exports rose by 72%': a change of the exports
                metric += " change"
                if _FALL.search(text[max(sent.start, n.start - 40):n.end + 5]):
                    value = -abs(value)
            if n.kind == "rank":
                metric += " rank"
            same = re.search(r"\b(?:the\s+same|that)\s+period\b", sent.text) and out
            out.append(Statistic(subject=subject, metric=metric, counterpart=counterpart, value=value, unit=unit,
                                 period=(out[-1].period if same else _period_of(doc, sent, n) or period),
                                 source_cited=_source(doc, sent) or source,
                                 evidence=[evidence(doc, sent.start, sent.end)]))
            last_subject = subject
            stats_at = i
            if n.kind == "percent" and counterpart and "import" in metric:
                importer = subject
            if n.kind == "count":
                last_count_unit = unit
        g = re.match(r"\s*(?:The\s+|the\s+)?((?:(?:top|six|five|four|three|two|ten|\d+)\s+)+(?:[\w-]+\s+){0,2}"
                     r"(?:exporters|importers|suppliers|spenders|buyers|recipients|countries))\b", sent.text, re.I)
        if g:
            group = g.group(1)
    doc.facts["statistics"] = _dedupe(out)
    _share_transfers(doc)
    return doc


# ---- the numbers of a sentence ----------------------------------------------------------------------------

_STATES_ONLY = re.compile(r"\b(?:imports|spending|budget|contract)\b")  # a buyer's (a system can have exports)


def _consumed(doc: Doc) -> set[tuple[int, int, float]]:
    """Sums and counts that are a transfer's value or quantity: the transfer states them, wherever the text
    repeats them (a headline, a later sentence)."""
    out = set()
    for t in doc.facts.get("transfers", []):
        if t.value is not None:
            out.add((0, 0, t.value.amount))
        if t.quantity is not None:
            out.add((0, 0, float(t.quantity)))
    return out


def _numbers(doc: Doc, sent: Sentence, consumed: set[tuple[int, int, float]]) -> list[Number]:
    text = doc.text
    out: list[Number] = []
    taken: list[tuple[int, int]] = [(r.start, r.end) for r in dates_in(doc, sent.start, sent.end)]
    taken += [(m.start, m.end) for m in mentions_in(doc, sent.start, sent.end)]  # 'Leopard 1', 'Arrow 3'
    consumed_values = {v for _, _, v in consumed}
    previous = None
    for a in money_in(text, sent.start, sent.end):
        taken.append((a.start, a.end))
        conversion = previous is not None and re.fullmatch(r"\s*\(\s*(?:about|around|some|nearly|roughly)?\s*",
                                                           text[previous.end:a.start])
        previous = a
        if a.value not in consumed_values and not conversion:  # '1.4 trillion won ($1 billion)'
            out.append(Number(a.start, a.end, a.value, a.currency, "money"))
    for p in percents_in(text, sent.start, sent.end):
        taken.append((p.start, p.end))
        if not _inside(p.start, p.end, taken[:-1]):
            out.append(Number(p.start, p.end, p.value, "percent", "percent"))
    for o in _NTH_OPERATOR.finditer(text, sent.start, sent.end):
        # 'the 12th country to operate the K9': the system has (at least) twelve operators
        word = o["ord"].lower()
        digits = re.match(r"\d+", word)
        taken.append((o.start("ord"), o.end("ord")))
        out.append(Number(o.start("ord"), o.end("ord"), ORDINALS.get(word) or int(digits.group(0)) if digits else
                          ORDINALS.get(word, 1), "countries", "count"))
    for r in _RANK.finditer(text, sent.start, sent.end):
        if _inside(r.start(), r.end(), taken):
            continue
        if not _RANK_NOUN.match(text, r.end()) and not r["place"] and not (
                r["ord"] and re.match(r"\s+(?:in\s+the\s+world|globally|worldwide)", text[r.end():r.end() + 25])):
            continue
        word = (r["ord"] or r["place"] or "").lower()
        digits = re.match(r"\d+", word)
        rank = ORDINALS.get(word) or (int(digits.group(0)) if digits else 1)
        if r["sup"] and r["sup"].lower() in ("major", "main", "leading") and not re.search(
                r"\b(?:the|as)\s+$", text[max(sent.start, r.start() - 8):r.start()]):
            continue
        taken.append((r.start(), r.end()))
        out.append(Number(r.start(), r.end(), rank, "rank", "rank"))
    for c in counts_in(text, sent.start, sent.end):
        if _inside(c.start, c.end, taken) or (c.start, c.end) in consumed:
            continue
        word = text[c.start:c.end]
        if re.fullmatch(r"(?:19|20)\d\d", word) or text[c.end:c.end + 1] in ("%", "-", "/") or \
                text[max(0, c.start - 1):c.start] in ("-", "/") or _GROUP.search(text[max(sent.start, c.start - 25):c.start]) \
                or re.match(r"\s+(?:biggest|largest|top|leading|main|most)\b", text[c.end:c.end + 12]):
            continue  # a year; 'top-10', '1-to-2'; 'the first six planes'; 'the six biggest exporters'
        if c.value in consumed_values:
            continue
        unit = _count_unit(text, c.end, sent.end)
        if unit is None:
            continue
        out.append(Number(c.start, c.end, c.value, unit, "count"))
    return sorted(out, key=lambda n: n.start)


def _inside(s: int, e: int, spans) -> bool:
    return any(a <= s and e <= b or (a < e and s < b) for a, b in spans)


def _count_unit(text: str, end: int, sent_end: int) -> Optional[str]:
    """The thing a number counts: 'countries', 'rounds', 'aircraft'; '?' for a bare number in brackets after a
    name ('France (42)'); None when it counts nothing about arms."""
    if re.match(r"\)", text[end:end + 1]) and re.search(r"\(\s*$", text[max(0, end - 12):end]):
        return "?"
    m = re.match(r"\s+(?:more\s+than\s+|additional\s+|new\s+|local\s+|more\s+|of\s+)?(?:[a-z][\w-]*\s+){0,2}?"
                 r"(?P<noun>[a-z][\w-]*s|aircraft|ammunition|tons|tonnes|units)\b", text[end:min(sent_end, end + 60)])
    if not m:
        number_of = re.search(r"\bnumber\s+of\s+(?:[a-z-]+\s+)?(?P<noun>[a-z]+s)\b", text[max(0, end - 200):end])
        return number_of.group("noun") if number_of and number_of.group("noun") in _UNITS else None
    noun = m.group("noun").lower()
    return noun if noun in _UNITS else None


# ---- what a number is about -----------------------------------------------------------------------------

def _subject_name(doc: Doc, m: Mention) -> Optional[str]:
    if m.type in ("country",):
        return m.state or m.canonical
    if m.type == "place" and m.state:
        return None  # a capital named as where ('NEW DELHI:', 'in Manila') holds no statistic
    if m.type in ("organization", "armed group", "place", "weapon system"):
        return m.canonical
    return None


_SELLER = re.compile(r"\b(?:from|(?<!followed\s)by)\s+(?:the\s+)?$")  # who sells: 'from X', 'by X' (not 'followed by')


def _seller(text: str, m: Mention) -> bool:
    return bool(_SELLER.search(text, max(0, m.start - 10), m.start))


def _sold_by(doc: Doc, sent: Sentence, subject: str) -> bool:
    """The subject is named as the seller: 'buying weapons from X', 'arms supplied by X'."""
    return any(_subject_name(doc, m) == subject and _seller(doc.text, m) for m in mentions_in(doc, sent.start, sent.end))


def _parenthetical(text: str, sent: Sentence, n: Number) -> bool:
    opening = text.rfind("(", sent.start, n.start)
    return opening != -1 and ")" not in text[opening:n.start]


def _transfer_in(doc: Doc, sent: Sentence) -> Optional[Transfer]:
    """The first transfer whose evidence starts in this sentence (indexed once per document)."""
    index = doc.transfers_at
    if index is None:
        index = doc.transfers_at = {}
        for t in doc.facts.get("transfers", []):
            for e in t.evidence:
                index.setdefault(e.start, t)
        doc.transfer_starts = sorted(index)
    starts = doc.transfer_starts
    i = bisect.bisect_left(starts, sent.start)
    return index[starts[i]] if i < len(starts) and starts[i] < sent.end else None


def _contract_parties(doc: Doc, sent: Sentence, subject: str, counterpart: Optional[str],
                      transfer: Optional[Transfer]) -> tuple[str, Optional[str]]:
    """A contract's value is its buyer's, from the seller: the sentence's transfer says who they are; else a maker
    that won it 'with Romania' or 'by the Israeli Ministry of Defense' sold to that state."""
    if transfer is not None and transfer.recipient:
        return transfer.recipient, transfer.supplier
    k = knowledge()
    maker, alias = k.state_of(subject), k.alias(subject)
    if maker is None or alias is None or alias.type != "organization":
        return subject, counterpart
    buyer = next((m.state or m.canonical for m in mentions_in(doc, sent.start, sent.end)
                  if (m.type == "country" or m.kind == "institution") and _subject_name(doc, m) != subject), None)
    return (buyer, maker) if buyer else (subject, counterpart)


def _bare_metric(doc: Doc, sent: Sentence, n: Number, p) -> bool:
    """The number's clause names a metric and nothing it belongs to ('spending rose by 9.4%')."""
    text = doc.text
    before = text[sent.start:n.start]
    return bool(re.search(r"\b(?:spending|expenditures?|budgets?|exports?|imports?|sales|turnover|revenues?)\b",
                          before, re.I)) and not [m for m in mentions_in(doc, sent.start, n.start)
                                                 if m.type in ("country", "organization", "place")]


def _subject(doc: Doc, sent: Sentence, n: Number, p, label: Optional[Mention],
             last: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(subject, counterpart) of a number."""
    text = doc.text
    ms = [m for m in mentions_in(doc, sent.start, sent.end) if _subject_name(doc, m)]
    if n.unit in ("countries", "nations", "states") or (n.kind == "rank" and re.match(
            r"[^.;]{0,20}\bcountry\b[^.;]{0,40}\bto\s+(?:operate|buy|acquire|receive|order|use)", text[n.end:sent.end])):
        weapon = [m for m in ms if m.type == "weapon system"]
        if weapon:  # '10 countries operate the Spyder', 'the 10th country to operate the K9'
            return weapon[0].canonical, None
    # "its share was 65 percent of Azerbaijan's imports": the importer's share from the other
    share_of = re.match(r"\s*(?:of\s+)(?:the\s+)?(?P<who>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)['’]s\s+(?:[\w-]+\s+){0,4}?"
                        r"(?P<what>imports|exports|purchases|sales)\b", text[n.end:sent.end])
    if n.kind == "percent" and share_of:
        k = knowledge()
        holder = k.state_of(share_of.group("who"))
        if holder:
            other = [m for m in ms if m.end <= n.start and m.type == "country" and (m.state or m.canonical) != holder]
            counterpart = (other[-1].state or other[-1].canonical) if other else _antecedent_state(doc, sent, holder)
            return holder, counterpart
    # 'Israel ($46.5 billion, up 65%)', 'the USA (%31)', 'France (42)': the name right before the bracket
    opening = text.rfind("(", sent.start, n.start)
    if opening != -1 and ")" not in text[opening:n.start]:
        before = [m for m in ms if m.end <= opening and re.fullmatch(r"\s*", text[m.end:opening])]
        if before:
            holder = _subject_name(doc, before[-1])
            return _with_counterpart(doc, sent, n, holder, ms)
    # 'India, accounting for 37%'
    acc = [m for m in ms if m.end <= n.start and re.fullmatch(r",\s*accounting\s+for\s+", text[m.end:n.start])]
    if acc:
        return _with_counterpart(doc, sent, n, _subject_name(doc, acc[-1]), ms)
    if n.kind == "rank":  # 'Israel is the ninth-largest arms exporter', 'the tenth-largest exporter is South Korea'
        subj = _copula_subject(doc, sent, n, p, ms)
        if subj:
            return subj, None
    # the clause's subject, possessor or 'of' phrase
    owner = _owner(doc, sent, n, p, ms)
    if owner:
        return _with_counterpart(doc, sent, n, owner, ms)
    window = text[max(sent.start, n.start - 80):n.end]
    if _WORLD.search(window) or _WORLD.search(text[sent.start:n.start]):
        return "World", None
    if label is not None and sent.start - label.start < 3000:
        return _subject_name(doc, label), None
    if last and _ANAPHOR.search(text[sent.start:n.start]):
        return last, None
    return None, None


def _with_counterpart(doc: Doc, sent: Sentence, n: Number, subject: Optional[str],
                      ms: list[Mention]) -> tuple[Optional[str], Optional[str]]:
    """A share of one state's imports from another ('Israel imports its weapons from the U.S. (69%)') has the
    other as counterpart; the holder of the share is then the importer (or the exporter, for sales)."""
    if subject is None or n.kind != "percent":
        return subject, None
    text = doc.text
    k = knowledge()
    s = text[sent.start:sent.end]
    states = [m for m in ms if m.type == "country" and (m.state or m.canonical) != subject]
    buy = re.search(r"\b(?:imports?|imported|importing|purchas\w*|buy\w*|bought|acquir\w*)\b[^.;]*?\bfrom\s+(?:the\s+)?"
                    r"(?P<x>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)", s)
    if buy:
        if any(_subject_name(doc, m) == subject and m.start < sent.start + buy.start() for m in ms):
            # 'Chile imports its arms from … while also buying 2.5% from Spain': the seller nearest the number
            sellers = [m for m in states if _seller(text, m)]
            nearest = min(sellers, key=lambda m: abs(m.start - n.start), default=None)
            return subject, (nearest.state or nearest.canonical) if nearest else None
        importer = next((m for m in states if m.start < sent.start + buy.start()), None)
        if importer is not None:  # 'Israel imports its weapons from the U.S. (69%)'
            return importer.state or importer.canonical, subject
        exporter = k.state_of(buy.group("x"))
        if exporter and exporter != subject:  # 'the countries buying weapons from Israel are India (37%) …'
            return exporter, subject
    states = [m for m in states if not _COMPARED.search(text[max(sent.start, m.start - 20):m.start])]
    if k.is_country(subject) and states and re.search(r"\b(?:share|accounted\s+for|supplied)\b", s) and \
            not _RANKING.search(s):  # 'India (9.8%), followed by Saudi Arabia (8.4%)': a ranking, not a pair
        other = states[0]
        return subject, other.state or other.canonical
    return subject, None


# a state another is compared with is no party to its numbers ('the second-largest exporter after the US')
_RANKS = r"followed\s+by|ahead\s+of|behind|overtaking|overtook|surpassing|surpassed"
_COMPARED = re.compile(rf"\b(?:{_RANKS}|after|than|like|unlike)\s+(?:the\s+)?$", re.I)


_RANKING = re.compile(rf"\b(?:{_RANKS})\b", re.I)  # a ranking of states, not pairs of them


def _antecedent_state(doc: Doc, sent: Sentence, exclude: str) -> Optional[str]:
    """'its share': the state named last before, other than the excluded one."""
    for m in doc.index.backwards_from(sent.start):
        if m.type == "country" and m.kind in ("name", "capital", "metonym") and (m.state or m.canonical) != exclude:
            return m.state or m.canonical
    return None


def _copula_subject(doc: Doc, sent: Sentence, n: Number, p, ms: list[Mention]) -> Optional[str]:
    text = doc.text
    before = [m for m in ms if m.end <= n.start]
    after = [m for m in ms if m.start >= n.end]
    if before and re.search(r"\b(?:is|was|are|were|remains?|remained|became|becomes|has\s+become|as)\s+(?:the\s+|its\s+)?"
                            r"(?:[\w-]+\s+){0,2}$", text[before[-1].end:n.start]):
        return _subject_name(doc, before[-1])
    if after and re.search(r"^\s*(?:[\w-]+\s+){0,5}?(?:is|was|are|were)\s+(?:the\s+)?$", text[n.end:after[0].start]):
        return _subject_name(doc, after[0])
    if before and re.search(r"\b(?:maintained|kept|held|took|retained)\s+(?:its|their|the)\s+$",
                            text[before[-1].end:n.start][-30:]):
        return _subject_name(doc, before[-1])
    if before:
        return _subject_name(doc, before[-1])
    return None


def _owner(doc: Doc, sent: Sentence, n: Number, p, ms: list[Mention]) -> Optional[str]:
    """What the number's clause is about: its subject's entity ('Germany's arms exports decreased by 43 per
    cent', 'Werk Niedersachsen is projected to create 500 jobs'), or, for a pronoun, the one named before."""
    text = doc.text
    if p is not None:
        tok = next((t for t in p if sent.start + t.idx <= n.start < sent.start + t.idx + len(t.text) + 1), None)
        node, hops = tok, 0
        while node is not None and hops < 6:
            subj = [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subj and node.dep_ == "conj" and node.tag_.startswith("VB") and node.i > 0 and \
                    p[node.i - 1].tag_.startswith("NN"):
                subj = [p[node.i - 1]]  # '… and France's arms exports rose by 72%': the parser hung the
                # second clause's subject elsewhere; it is the noun phrase right before its verb
            if subj:
                s = subj[0]
                lo, hi = sent.start + s.left_edge.idx, sent.start + s.right_edge.idx + len(s.right_edge.text)
                found = [m for m in ms if lo <= m.start < hi]
                if found:
                    # 'the plant, called Werk Niedersachsen': the named one; 'Germany's arms exports': the owner
                    return _subject_name(doc, found[0])
                if _WORLD.search(text[lo:hi]):
                    return "World"
                if pronoun(text[lo:hi].strip()) or _ANAPHOR.search(text[lo:hi]):
                    return None
                return None
            if node.dep_ == "ROOT" or node.head.i == node.i:
                break
            node, hops = node.head, hops + 1
        return None
    before = [m for m in ms if m.end <= n.start]
    return _subject_name(doc, before[0]) if before else None


def _unnamed(doc: Doc, sent: Sentence) -> str:
    """The sentence's text with the names of organisations, people, places and systems blanked: a metric is read
    from the words around a number, not from a name ('the Production and Procurement Directorate')."""
    return blanked(sent, [(m.start, m.end) for m in mentions_in(doc, sent.start, sent.end) if m.type != "country"])


def _metric(words: str, sent: Sentence, n: Number) -> str:
    """What a number measures, by the words of its sentence (`words`) near it, else by the words that open the
    sentence (the later items of a list: 'countries buying … are A (37%), B (12%) and C (8.7%)')."""
    at, end = n.start - sent.start, n.end - sent.start
    near = words[max(0, at - 80):end + 40].lower()
    window = next((w for w in (near, words[:at].lower()) if any(re.search(p, w) for p, _ in METRICS)), near)
    for pattern, metric in METRICS:
        if re.search(pattern, window):
            if metric == "military spending":  # 'spent $9.5 billion on military hardware'
                on = re.search(r"\bon\s+(military\s+hardware|arms(?:\s+purchases)?|weapons?|weaponry|defen[cs]e|"
                               r"the\s+military|military\s+equipment)\b", window)
                if on and n.kind == "money":
                    return re.sub(r"^the\s+", "", on.group(1)) + " spending"
            if metric in ("arms imports", "arms exports"):
                return metric + {"percent": " share", "money": " value"}.get(n.kind, "")
            return metric
    return {"percent": "share", "rank": "", "money": "value", "count": "number"}[n.kind] or "position"


def _is_change(text: str, sent: Sentence, n: Number) -> bool:
    before = text[max(sent.start, n.start - 30):n.start]
    if _LEVEL.search(before):
        return False  # 'rose to 11 percent', 'fell from 21%': the level before or after, not the change
    return bool(_CHANGE.search(before) or re.match(r"\s+(?:higher|lower|more|less|increase|decrease|rise|drop|growth)",
                                                   text[n.end:n.end + 15]))


def _period_of(doc: Doc, sent: Sentence, n: Number) -> Optional[Period]:
    """A date stated next to the number ('$3.2 billion in 2021'), else the sentence's range or date."""
    text = doc.text
    refs = dates_in(doc, sent.start, sent.end)
    near = [r for r in refs if 0 <= r.start - n.end <= 12 and re.fullmatch(r"\s*(?:in|for|of)?\s*(?:the\s+)?",
                                                                               text[n.end:r.start])]
    if near:
        return near[0].period
    return _best_period(refs) if refs else None


def _best_period(refs) -> Period:
    ranged = [r for r in refs if r.period.start != r.period.end]
    return (ranged or refs)[0].period


def _source(doc: Doc, sent: Sentence) -> Optional[str]:
    for m in mentions_in(doc, sent.start, sent.end):
        if m.type == "organization" and re.search(r"\b(?:according\s+to|data|figures|report|study|survey|estimates?)\b",
                                                  sent.text, re.I):
            return m.canonical
    return None


def _dedupe(stats: list[Statistic]) -> list[Statistic]:
    """A number stated twice of the same subject (a headline and its sentence) is one statistic with both
    evidence spans, dated when either statement is."""
    kept: dict[tuple, list[Statistic]] = {}
    seen: dict = {}
    out = []
    for s in stats:
        same = kept.setdefault((s.subject, s.counterpart, s.unit, round(s.value, 3)), [])
        start = s.period.start if s.period else None
        twin = next((o for o in same if start is None or o.period is None or o.period.start == start), None)
        if twin is None:
            same.append(s)
            out.append(s)
            continue
        twin.period = twin.period or s.period
        add_evidence(twin, s.evidence, seen)
    return out


def _share_transfers(doc: Doc) -> None:
    """A share between two named states is also a transfer between them (a general, delivered row)."""
    k = knowledge()
    have = {(t.supplier, t.recipient) for t in doc.facts.get("transfers", [])}
    for s in doc.facts["statistics"]:
        if s.unit != "percent" or not s.counterpart or not k.is_country(s.subject) or not k.is_country(s.counterpart):
            continue
        if "imports" in s.metric:
            pair = (s.counterpart, s.subject)
        elif "exports" in s.metric:
            pair = (s.subject, s.counterpart)
        else:
            continue
        if pair not in have:
            have.add(pair)
            doc.facts["transfers"].append(Transfer(supplier=pair[0], recipient=pair[1], category="general",
                                                   period=s.period, status="delivered", evidence=list(s.evidence)))
