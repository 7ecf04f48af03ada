"""Quotes stage: who said what, in their own words (direct) or reported (indirect).

Direct quotes are the words inside double quotation marks (typographic or straight, paired in order within a
paragraph; a paragraph that opens a quote without closing it goes on in the next one that opens one). A quote
belongs to the speaker of the verb of saying next to it in its sentence ('…,” said X', 'X told reporters: “…”',
'X called the accusations “false”'), or, with none, to the speaker of the quote just before it; a quote split
by its attribution ('“…,” he said. “…”') is one quote. Indirect quotes are the clauses a verb of saying
reports ('X said (that) …', '…, the firm said', 'according to X, …', 'X quoted Y as saying that …').
Speakers are people, or the institution, country or group that speaks when no person is named ('the Pentagon
said', 'defence officials said'); 'he', 'she', 'it', 'the company', 'the minister' are resolved to the one
named before (see actors.speaker).
"""
from __future__ import annotations

import bisect
import re
from typing import Optional

from ..model import Quote
from .actors import speaker, unnamed
from .annotations import METADATA, Doc, Intervals, Sentence, evidence, mentions_in, on_time, sentence_at
from .lexicon import speech_forms, speech_idioms, speech_lemmas, speech_verbs, word_class
from .parse import parsed
from .temporal import WEEKDAYS, dates_in

_MARKS = "“”\"„″"
_MARK = re.compile(f"[{_MARKS}]")
MAX_QUOTE = 3000


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted words (without the marks)."""
    out: list[tuple[int, int]] = []
    pos = 0
    carry: Optional[int] = None      # an opened quote that runs on to the next paragraph
    for para in text.split("\n"):
        marks = [pos + m.start() for m in _MARK.finditer(para)]
        if carry is not None and not (marks and marks[0] - pos <= 2):
            carry = None  # the next paragraph does not continue it
        if carry is not None:
            marks = marks[1:]  # its opening mark re-opens the running quote
            if marks:
                out.append((carry, marks[0]))
                marks = marks[1:]
            else:
                out.append((carry, pos + len(para)))
                pos += len(para) + 1
                continue
            carry = None
        for a, b in zip(marks[::2], marks[1::2]):
            if 0 < b - a - 1 <= MAX_QUOTE:
                out.append((a + 1, b))
        if len(marks) % 2:
            carry = marks[-1] + 1
            out.append((carry, pos + len(para)))
        pos += len(para) + 1
    merged: list[tuple[int, int]] = []
    for s, e in sorted(out):
        if merged and s < merged[-1][1]:
            continue
        merged.append((s, e))
    return [(s, e) for s, e in merged if text[s:e].strip()]


def quotes(doc: Doc) -> Doc:
    text = doc.text
    spans = [(s, e) for s, e in doc.quote_spans if not _label_line(doc, s)]
    out: list[Quote] = []
    direct: list[tuple[int, int, Optional[str], int]] = []  # (start, end, speaker, attribution end)
    reported = _indirect(doc, spans)
    indirect = [q for q, _, _ in reported]
    said = sorted((q.evidence[0].end, q.speaker) for q in indirect)   # who spoke last, where
    said_ends = [end for end, _ in said]
    last_speaker: Optional[str] = None
    last_end = -10_000
    for qs, qe in spans:
        first = sentence_at(doc, qs) or sentence_at(doc, min(qe, len(text) - 1))
        last = sentence_at(doc, max(qs, qe - 1)) or first
        who, attr_end, in_verb = _attribution(doc, last, qs, qe)
        if who is None and first is not last:
            who, attr_end, in_verb = _attribution(doc, first, qs, qe)
        if who is None:  # '“… Who controls the army?” Novak asked.': the attribution is the next sentence
            skip = len(text[qe:qe + 20]) - len(text[qe:qe + 20].lstrip(_MARKS + " \t"))
            nxt = sentence_at(doc, qe + skip) if qe + skip < len(text) else None
            if nxt is not None and nxt is not last and nxt.start >= qe and _bare_attribution(nxt.text):
                who, attr_end, in_verb = _attribution(doc, nxt, qs, qe)
        words = len(text[qs:qe].split())
        starts = first is not None and not text[first.start:qs - 1].strip()
        before = bisect.bisect_right(said_ends, qs)  # the last reported statement ending before this quote
        if before and said[before - 1][0] > last_end:
            last_speaker, last_end = said[before - 1][1], said[before - 1][0]
        if who is None and last_speaker and (qs - last_end < 400) and words >= 4 and starts and \
                _continues(text, last_end, qs):
            who, attr_end = last_speaker, None  # the speaker of the quote before goes on
        if who is None or (words < 4 and not in_verb):
            continue  # scare quotes and titles are not quotes
        direct.append((qs, qe, who, attr_end or qe))
        last_speaker, last_end = who, max(qe, attr_end or qe)
    for start, end, who, parts in _join(text, direct):
        body = " ... ".join(text[s:e].strip() for s, e, _, _ in parts)
        out.append(_make(doc, who, body, start, end, True))
    # a short quoted phrase inside its speaker's reported clause is part of that clause
    out = [q for q in out if len(q.text.split()) >= 8 or not any(
        i.speaker == q.speaker and lo <= q.evidence[0].start < hi for i, lo, hi in reported)]
    every = sorted(out + indirect, key=lambda q: q.evidence[0].start)
    doc.said = every   # every attribution, for the events stage's statements
    doc.facts["quotes"] = [q for q in every if not unnamed(q.speaker)]  # 'critics said': the text says not who
    return doc


def _bare_attribution(sentence: str) -> bool:
    """'Novak asked at a forum in Warsaw.': a sentence that only says who spoke (a verb of saying within its first
    words, not followed by words of its own)."""
    words = sentence.split()
    for i, w in enumerate(words[:7]):
        if w.lower().strip(",.") in speech_verbs():
            return i > 0 and (i + 1 == len(words) or words[i + 1].lower() not in ("that", "the", "it", "a"))
    return False


def _label_line(doc: Doc, pos: int) -> bool:
    """A metadata line ('Title: …') is not the story's speech."""
    text = doc.text
    line_start = text.rfind("\n", 0, pos) + 1
    return bool(METADATA.match(text, line_start, pos))


def _continues(text: str, last_end: int, qs: int) -> bool:
    """Nothing but an attribution, a paragraph break or 'and' between two quotes of one speaker."""
    between = text[last_end:qs]
    return len(between) < 400 and not re.search(r"[.!?]\s+[A-Z][^“”\"]{80,}", between)


def _join(text: str, direct):
    """A sentence split by its attribution ('“a,” he said, “b …”') or by 'and' is one quote; a new sentence
    after 'he said.', or after a quote that ended its own sentence, is a new one."""
    groups: list[list] = []
    for item in direct:
        if groups:
            prev = groups[-1][-1]
            between = text[prev[1]:item[0]]
            rest = text[prev[3]:item[0]] if prev[1] < prev[3] <= item[0] else None
            complete = re.search(r"[.!?]\s*$", text[prev[0]:prev[1]]) and text[item[0]:item[0] + 1].isupper()
            if item[2] == prev[2] and len(between) < 120 and not complete and (
                    re.fullmatch(rf"[{_MARKS}\s,;]*(?:and|or)?[{_MARKS}\s,]*", between) or
                    (rest is not None and re.fullmatch(rf"[^.!?]*,\s*[{_MARKS}]?\s*", rest) and
                     text[item[0]:item[0] + 1].islower())):
                groups[-1].append(item)
                continue
        groups.append([item])
    for g in groups:
        yield g[0][0], g[-1][1], g[0][2], g


def _attribution(doc: Doc, sent: Optional[Sentence], qs: int, qe: int) -> tuple[Optional[str], Optional[int], bool]:
    """(speaker, end of the attribution, whether the quote is the verb's own argument) of a direct quote."""
    if sent is None:
        return None, None, False
    p = parsed(doc, sent)
    if p is not None:
        return _attribution_parsed(doc, sent, p, qs, qe)
    return _attribution_shallow(doc, sent, qs, qe)


def _attribution_parsed(doc: Doc, sent: Sentence, p, qs: int, qe: int):
    text = doc.text
    verbs = [t for t in p if t.lower_ in speech_verbs() and t.tag_.startswith("VB") and
             speech_verbs()[t.lower_] not in _ACTIONS and not (qs <= sent.start + t.idx < qe)]
    according = re.search(r"\b[Aa]ccording\s+to\s+(?P<who>[^,:;“”\"]{2,60}?)\s*[,:]\s*[^“”\"]{0,100}?[“\"]?$|"
                          r"\b[Aa]ccording\s+to\s+(?P<who2>[^,:;“”\"]{2,60}?)\s*[“\"]?$", text[sent.start:qs])
    if according:  # 'According to SIPRI "the arms transfers …"', 'According to him, to achieve peace, “we …”'
        g = "who" if according.group("who") else "who2"
        lo = sent.start + according.start(g)
        return speaker(doc, lo, lo + len(according.group(g))), None, True
    if not verbs:
        return None, None, False
    inside = [t for t in p if qs <= sent.start + t.idx < qe]
    after = [v for v in verbs if sent.start + v.idx >= qe]
    before = [v for v in verbs if sent.start + v.idx < qs]
    # the verb whose words the quote is: an ancestor of the quoted tokens ('called the accusations “false”')
    owner = None
    if inside:  # the nearest verb of saying the quoted words depend on ('said he was concerned that “…”')
        anc = [a for t in inside[:1] for a in t.ancestors]
        owner = next((a for a in anc if a in verbs), None)
    v = owner or (after[0] if after and sent.start + after[0].idx - qe < 60 else None) or \
        (before[-1] if before else None) or (after[0] if after else None)
    if v is None:
        return None, None, False
    who = _speaker_of_verb(doc, sent, v)
    end = sent.start + v.idx + len(v.text)
    subj_end = max([sent.start + c.right_edge.idx + len(c.right_edge.text) for c in v.children
                    if c.dep_ in ("nsubj", "nsubjpass")] + [end])
    following = _MARK.search(text, qe + 1)
    if following and following.start() < subj_end:
        subj_end = following.start()  # the attribution ends where the next quote opens
    return who, (subj_end if sent.start + v.idx >= qe else None), owner is not None


def _speaker_of_verb(doc: Doc, sent: Sentence, v) -> Optional[str]:
    """Who a verb of saying has speak: its subject; 'quoted X as saying': X; 'according to X': X."""
    subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj and v.head.lower_ == "as" and v.head.head.lower_ in ("quoted", "quotes", "cited", "cites"):
        subj = [c for c in v.head.head.children if c.dep_ == "dobj"]
    if not subj and v.dep_ in ("conj", "advcl", "xcomp") and v.head.tag_.startswith("VB"):
        subj = [c for c in v.head.children if c.dep_ == "nsubj"]
    if not subj:  # '…, the chair of the committee, Jan Novak, stated that': a name the parser hung elsewhere
        vpos = sent.start + v.idx
        named = [m for m in mentions_in(doc, max(sent.start, vpos - 40), vpos)
                 if m.type == "person" and re.fullmatch(r"\s*,?\s*", doc.text[m.end:vpos])]
        return named[-1].canonical if named else None
    s = subj[0]
    if s.lower_ == "who":  # '… by Minister Jan Novak who noted that …': the person just before 'who'
        wpos = sent.start + s.idx
        named = [m for m in mentions_in(doc, max(sent.start, wpos - 60), wpos)
                 if m.type == "person" and re.fullmatch(r"[\s,]*", doc.text[m.end:wpos])]
        if named:
            return named[-1].canonical
    if s.lower_ in ("who", "that", "which") and v.dep_ == "relcl":  # 'Shoigu who noted that …'
        s = v.head
    # the subject without its relative clauses and most prepositional phrases ('Minister X who oversaw …'),
    # with its appositive ('the chair of …, Konstantin Kosachev') and an 'of' after a role ('a representative
    # of the ministry')
    cut = {c.i for c in s.children if c.dep_ in ("relcl", "acl", "advcl") or
           (c.dep_ == "prep" and c.lower_ not in ("of",))}
    toks = [t for t in s.subtree if not any(a.i in cut for a in [t] + list(t.ancestors) if a.i != s.i
                                          and s in a.ancestors or a.i in cut)]
    toks = [t for t in toks if t.i not in cut]
    lo = sent.start + min(t.idx for t in toks)
    hi = sent.start + max(t.idx + len(t.text) for t in toks)
    return speaker(doc, lo, hi, (sent.start + s.idx, sent.start + s.idx + len(s.text)))


# verbs of saying that are acts rather than attributions of words ('have agreed to a “full ceasefire”')
_ACTIONS = speech_lemmas("act")
_SAID = speech_forms("attribution")   # said, says, told, added, wrote, ...
_SHALLOW_AFTER = re.compile(rf"[\s,.]*(?:(?P<v1>{_SAID})\s+"
                            r"(?P<who1>[^,.;“”\"]{2,80}?)(?=[,.;]|\s+(?:on|in|at|during)\b|$)|"
                            rf"(?P<who2>[^,.;“”\"]{{2,80}}?)\s+(?:also\s+|later\s+)?(?:{_SAID})\b)")
_SHALLOW_BEFORE = re.compile(rf"(?P<who>[^,.;“”\"]{{2,80}}?)\s+(?:told\s+\w+|{_SAID})\s*[:,]?\s*$")


def _attribution_shallow(doc: Doc, sent: Sentence, qs: int, qe: int):
    """Without a parse: '…,” said X' or '…,” X said' right after the quote; 'X said: “…”' before it."""
    text = doc.text
    m = _SHALLOW_AFTER.match(text, qe + 1, sent.end)
    if m:
        lo = qe + 1 + (m.start("who1") - m.start() if m.group("who1") else m.start("who2") - m.start())
        who_text = m.group("who1") or m.group("who2")
        return speaker(doc, lo, lo + len(who_text)), qe + 1 + m.end() - m.start(), False
    b = _SHALLOW_BEFORE.search(text[sent.start:qs - 1])
    if b:
        return speaker(doc, sent.start + b.start("who"), sent.start + b.end("who")), None, False
    return None, None, False


def _indirect(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[Quote, int, int]]:
    """'X said (that) …', '…, X said', 'according to X, …': the reported clause, with its span."""
    direct = Intervals(spans)
    out: list[tuple[Quote, int, int]] = []
    for sent in doc.sentences:
        on_time(doc)
        p = parsed(doc, sent)
        if p is None or _label_line(doc, sent.end):  # a headline's 'minister says' is the story's, not a quote
            continue
        for v in p:
            if v.lower_ == "according" and v.dep_ == "prep":
                to = [c for c in v.children if c.lower_ == "to"]
                objs = [o for t in to for o in t.children if o.dep_ == "pobj"]
                if not objs:
                    continue
                o = objs[0]
                if o.lower_ in FINDING_NOUNS:
                    continue  # 'according to new data published by SIPRI': a finding the numbers state, not a quote
                who = speaker(doc, sent.start + o.left_edge.idx, sent.start + o.right_edge.idx + len(o.right_edge.text))
                head = v.head
                lo, hi = head.left_edge.i, head.right_edge.i
                before = [t for t in p[lo:v.left_edge.i] if t.dep_ != "punct" or t.i < v.left_edge.i - 1]
                after = [t for t in p[v.right_edge.i + 1:hi + 1]]
                # '…, according to X, who …': the words on one side of the attribution, not across it
                body_toks = before if len(before) >= len(after) else after
                _add_indirect(doc, sent, body_toks, who, direct, out, v)
                continue
            if v.lower_ in STATEMENT_NOUNS and v.tag_.startswith("NN"):
                # "Rajnath Singh's announcement last month that India will gift …"
                owner = [c for c in v.children if c.dep_ == "poss"]
                clause = [c for c in v.children if c.dep_ in ("acl", "ccomp") and
                          any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)]
                if owner and clause:
                    o = owner[0]
                    who = speaker(doc, sent.start + o.left_edge.idx, sent.start + o.idx + len(o.text))
                    body = [t for t in clause[0].subtree if not (t.dep_ == "mark" and t.lower_ == "that")]
                    _add_indirect(doc, sent, body, who, direct, out, v)
                continue
            objects = speech_idioms().get(v.lower_)
            idiom = [c for c in v.children if c.lower_ in objects] if objects else []
            if idiom and v.tag_.startswith("VB"):  # 'made it clear that …'
                said = [c for c in idiom[0].children if c.dep_ in ("advcl", "ccomp") and
                        any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
                if said:
                    body = [t for t in said[0].subtree if not (t.dep_ == "mark" and t.head.i == said[0].i)]
                    _add_indirect(doc, sent, body, _speaker_of_verb(doc, sent, v), direct, out, v)
                continue
            if v.lower_ not in speech_verbs() or not v.tag_.startswith("VB"):
                continue
            comp = [c for c in v.children if c.dep_ == "ccomp"]
            who = _speaker_of_verb(doc, sent, v)
            if comp:
                c = comp[0]
                if any(t.lower_ in ("whether", "if") and t.dep_ == "mark" for t in c.children):
                    continue  # 'asked whether …': a question, not a statement
                body = [t for t in c.subtree if not (t.dep_ == "mark" and t.head.i == c.i and t.lower_ == "that")]
            elif (v.dep_ == "parataxis" and v.head.tag_.startswith("VB")) or _trailing_attribution(v):
                # 'The idea, Medvedev explained in April, is to keep the peace …'; '…, the minister said on
                # Monday' (which the parser may join to the clause as a second verb)
                body = [t for t in v.head.subtree if not (v.left_edge.i <= t.i <= v.right_edge.i) and t.dep_ != "punct"]
            elif speech_verbs()[v.lower_] in _PROMISES and any(c.dep_ == "xcomp" for c in v.children):
                xc = next(c for c in v.children if c.dep_ == "xcomp")  # 'promised to liberate Karabakh'
                body = [v] + list(xc.subtree)
            elif speech_verbs()[v.lower_] in _CHARGES and any(c.dep_ == "dobj" for c in v.children):
                # a person 'accused Russia of backing Armenia', 'admitted the use of the missiles': the act said,
                # verb and all; a state's or an army's accusation is a statement (an event), not a quote
                body = [v] + [t for c in v.children if c.i > v.i and c.dep_ in ("dobj", "prep", "conj", "cc")
                              for t in c.subtree]
                body.sort(key=lambda t: t.i)
                if who not in doc.people:  # what was charged, without the verb and its time
                    charged = [t for c in v.children if c.i > v.i and (c.dep_ in ("dobj", "conj", "cc") or (
                        c.dep_ == "prep" and c.lower_ in ("of", "over", "for"))) for t in c.subtree]
                    _add_indirect(doc, sent, sorted(charged, key=lambda t: t.i), who, direct, out, v, quote=False)
                    continue
            elif any(c.dep_ == "dobj" and c.lower_ in _DECLARED for c in v.children):
                # 'Serbia reaffirmed its intention to buy drones': a statement (an event), not somebody's words
                d = next(c for c in v.children if c.dep_ == "dobj" and c.lower_ in _DECLARED)
                _add_indirect(doc, sent, list(d.subtree), who, direct, out, v, quote=False)
                continue
            else:
                continue
            _add_indirect(doc, sent, body, who, direct, out, v)
    return out


_PROMISES = speech_lemmas("promise")
_DECLARED = word_class("declared")
_CHARGES = speech_lemmas("charge")
FINDING_NOUNS = word_class("finding nouns")
STATEMENT_NOUNS = word_class("statement nouns")


# what opens a reported clause without being said: 'that', a dateline ('NEW DELHI, March 2, 2020 —')
# before what was said: a dateline, the time of saying ('said on Thursday it had …'), 'that'
_LEAD = re.compile(r"^(?:[A-Z][A-Z .'-]{1,40}(?:,[^—–:\n]{0,40})?\s*(?:[—–:]|--?)\s+)?"
                   r"(?:(?:(?:on|last|this)\s+(?i:" + "|".join(WEEKDAYS) + r"|week)|today|yesterday)\s+)?(?:that\s+)?")


def _trailing_attribution(v) -> bool:
    """'Spain will send tanks, the minister said on Monday': a verb of saying after a comma, with a subject and
    nothing said of its own, that the parser joined to the clause before it as if by 'and'."""
    head = v.head
    return v.dep_ == "conj" and head.i < v.i and head.tag_.startswith("VB") and v.left_edge.i > 0 and \
        v.doc[v.left_edge.i - 1].text == "," and any(c.dep_ == "nsubj" for c in v.children) and \
        not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in v.children) and \
        not any(c.dep_ == "cc" and head.i < c.i < v.i for c in head.children)


def _add_indirect(doc, sent, body_toks, who, direct, out, verb, quote: bool = True) -> None:
    if who is None or not body_toks:
        return
    text = doc.text
    vpos = sent.start + verb.idx
    lo = sent.start + body_toks[0].idx
    hi = sent.start + body_toks[-1].idx + len(body_toks[-1].text)
    body = text[lo:hi].strip(" ,.;:")
    body = _LEAD.sub("", body)
    if (quote and len(body.split()) < 4) or body.endswith("?"):
        return
    if direct.covers(vpos) or not quote:
        # 'He says we used this missile' inside someone's quote is that someone's words; what it reports is a
        # statement all the same ('"In May, Pyongyang denied that it …," Kirby said'), for the events stage
        doc.stated.append(_make(doc, who, body, sent.start, sent.end, False))
        return
    quoted = sum(min(e, hi) - max(s, lo) for s, e in direct.overlapping(lo, hi))
    if quoted > 0.5 * (hi - lo):
        return  # a direct quote with its attribution: already counted
    out.append((_make(doc, who, body, sent.start, sent.end, False), lo - 2, hi + 2))


def _make(doc: Doc, who: str, body: str, start: int, end: int, direct: bool) -> Quote:
    info = doc.people.get(who)
    sent = sentence_at(doc, start)
    refs = dates_in(doc, sent.start, sent.end) if sent else []
    date = refs[0].period.start if refs and refs[0].period.start == refs[0].period.end else None
    return Quote(speaker=who, role=info.role if info else None, direct=direct, text=body.strip(),
                 date=date, evidence=[evidence(doc, start, end)])
