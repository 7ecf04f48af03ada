"""Dates stage: every date or period expression, resolved against the article's own date.

'On April 9', 'Sept. 21', 'last week', 'earlier this month', 'mid-July 2020', 'last autumn', 'over the past
decade', 'between 2013 and 2017', 'since 2016', 'the late 1980s' → a Period at the granularity the text gives.
"""
from __future__ import annotations

import bisect
import re
from datetime import date, timedelta
from typing import Optional

from ..dates import MONTH_RE, MONTHS, find_dates, iso, shift_months
from ..model import Period
from .annotations import METADATA, DateRef, Doc, on_time
from .lexicon import number_words

NUMBERS: dict[str, Optional[int]] = {**number_words(), "a": 1, "few": 3, "several": None}  # 'the past few years'

SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_YEAR = r"(?:19|20)\d\d"
_NUM = r"(?:\d+|" + "|".join(sorted((w for w in NUMBERS if " " not in w), key=len, reverse=True)) + ")"

_RELATIVE = re.compile(
    rf"\b(?P<rng>between\s+(?P<r1>{_YEAR})\s+and\s+(?P<r2>{_YEAR})|from\s+(?P<f1>{_YEAR})\s+(?:to|until|through)\s+(?P<f2>{_YEAR})"
    rf"|(?P<d1>{_YEAR})\s*[-–—/]\s*(?P<d2>{_YEAR}|\d\d)\b)"
    rf"|\b(?P<since>since|after)\s+(?P<sy>{_YEAR})\b"
    rf"|\b(?:(?P<decade_mod>early|mid|late)[- ])?(?P<decade>(?:19|20)\d0)s\b"
    rf"|\b(?:over|in|during|for)\s+the\s+(?:past|last|previous)\s+(?:(?P<pn>{_NUM})\s+)?(?P<pu>decades?|years?|months?|weeks?)\b"
    rf"|\b(?P<rel>last|this|next|past|previous|earlier\s+this|later\s+this)\s+(?P<ru>week|month|year|autumn|fall|spring|summer|winter)\b"
    rf"|\b(?P<mon2>{MONTH_RE})\s+(?P<which>last|this|next)\s+year\b"
    rf"|\b(?P<which2>last|this|next)\s+(?P<mon3>January|February|March|April|May|June|July|August|September|October|"
    rf"November|December)\b"
    rf"|\b(?P<yesterday>yesterday|today)\b"
    rf"|\b(?:(?:on|last)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    rf"|\b(?:in|during|since|until|by|of|end\s+of|beginning\s+of|late|early|mid-?)\s+(?P<bare>January|February|March|April|May|June|July|"
    rf"August|September|October|November|December)\b(?!\s+\d)(?!\s+(?:last|this|next)\s+year)"
    rf"|\b(?:in|of|since|until|till|by|from|during|year|around|before|after|early|late|mid-?|summer|spring|autumn|winter|fall)\s+(?P<year>{_YEAR})\b(?!\s*[-–]\s*\d)"
    rf"|\b(?P<year2>{_YEAR})\s+(?=(?:[\w-]+\s+){{0,2}}(?:cease-?fire|treaty|war|agreement|accord|protocol|truce|elections?|"
    rf"summit|crisis|uprising|revolution|conflict|parade|deal|contract|law|referendum)s?\b)"
    rf"|\b(?P<recent>recent|recently)\b",
    re.I)


# what every date expression above has (a figure, a month, a weekday or a word of relative time): text without any
# of these is not searched further
_MAYBE_DATE = re.compile(rf"\d|\b(?:{MONTH_RE}|last|this|next|past|previous|earlier|later|yesterday|today|recent|"
                         rf"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", re.I)


def _anchor(doc_date: Optional[str]) -> Optional[tuple[int, int, Optional[int]]]:
    if not doc_date:
        return None
    parts = [int(p) for p in doc_date.split("-")]
    return parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else None


def _year_for(month: int, day: Optional[int], anchor) -> Optional[int]:
    """The year of an undated 'April 9': the article's year, or the one before if that would be in its future."""
    if anchor is None:
        return None
    y, m, d = anchor
    if (month, day or 1) > (m, d or 31):
        return y - 1
    return y


def resolve(text: str, doc_date: Optional[str], offset: int = 0, fallback_year: Optional[int] = None) -> list[DateRef]:
    """All date expressions of `text` (offsets shifted by `offset`), resolved against doc_date."""
    if not _MAYBE_DATE.search(text):
        return []
    anchor = _anchor(doc_date)
    refs: list[DateRef] = []
    mentions = find_dates(text)
    i = 0
    while i < len(mentions):
        a = mentions[i]
        b = mentions[i + 1] if i + 1 < len(mentions) else None
        year_a = a.year or _year_for(a.month, a.day, anchor) or fallback_year
        if b and re.fullmatch(r"\s*(?:[-–—]|to|until|through|and)\s*", text[a.end:b.start]):
            year_b = b.year or _year_for(b.month, b.day, anchor) or fallback_year
            if year_a and year_b:
                refs.append(DateRef(offset + a.start, offset + b.end, text[a.start:b.end],
                                    Period(start=a.iso(year_a), end=b.iso_end(year_b))))
            i += 2
            continue
        if year_a:
            refs.append(DateRef(offset + a.start, offset + a.end, text[a.start:a.end],
                                Period(start=a.iso(year_a), end=a.iso_end(year_a))))
        i += 1
    taken = [(r.start - offset, r.end - offset) for r in refs]
    for m in _RELATIVE.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        p = _relative(m, anchor, fallback_year)
        if p:
            refs.append(DateRef(offset + m.start(), offset + m.end(), m.group(0), p))
            taken.append((m.start(), m.end()))
    return sorted(refs, key=lambda r: r.start)


def _relative(m: re.Match, anchor, fallback_year: Optional[int]) -> Optional[Period]:
    g = m.groupdict()
    if g["rng"]:
        a = g["r1"] or g["f1"] or g["d1"]
        b = g["r2"] or g["f2"] or g["d2"]
        if len(b) == 2:
            b = a[:2] + b
        return Period(start=a, end=b) if a <= b else None
    if g["since"]:
        end = str(anchor[0]) if anchor else None
        return Period(start=g["sy"], end=end) if g["since"].lower() == "since" else Period(start=g["sy"], end=end)
    if g["decade"]:
        d = int(g["decade"])
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get((g["decade_mod"] or "").lower(), (0, 9))
        return Period(start=str(d + lo), end=str(d + hi))
    if g["year"] or g["year2"]:
        return Period.point(g["year"] or g["year2"])
    if anchor is None:
        return None
    y, mo, d = anchor
    today = date(y, mo, d or 1)
    if g["pu"]:
        unit = g["pu"].lower().rstrip("s")
        n = NUMBERS.get((g["pn"] or "one").lower(), None) if not (g["pn"] or "").isdigit() else int(g["pn"])
        if n is None:
            return None
        if unit == "decade":
            return Period(start=str(y - 10 * n), end=str(y))
        if unit == "year":
            return Period(start=str(y - n), end=str(y))
        if unit == "month":
            sy, sm = shift_months(y, mo, -n)
            return Period(start=iso(sy, sm), end=iso(y, mo))
        if unit == "week" and d:
            return Period(start=(today - timedelta(weeks=n)).isoformat(), end=today.isoformat())
        return None
    if g["rel"]:
        rel, unit = g["rel"].lower().split()[0], g["ru"].lower()
        if rel in ("past", "previous"):
            rel = "last"
        if unit == "week":
            if not d:
                return None
            monday = today - timedelta(days=today.weekday())
            if rel == "last":
                return Period(start=(monday - timedelta(days=7)).isoformat(), end=(monday - timedelta(days=1)).isoformat())
            if rel == "next":
                return Period(start=(monday + timedelta(days=7)).isoformat(), end=(monday + timedelta(days=13)).isoformat())
            return Period(start=monday.isoformat(), end=today.isoformat())
        if unit == "month":
            if rel == "last":
                return Period.point(iso(*shift_months(y, mo, -1)))
            if rel == "next":
                return Period.point(iso(*shift_months(y, mo, 1)))
            if rel == "earlier":
                return Period(start=iso(y, mo, 1), end=today.isoformat() if d else iso(y, mo))
            return Period.point(iso(y, mo))
        if unit == "year":
            return Period.point(str(y + {"last": -1, "next": 1}.get(rel, 0)))
        lo, hi = SEASONS[unit]
        # 'last autumn' is the most recent one that has ended
        sy = y if (mo > hi if lo <= hi else mo > hi and mo < lo) else y - 1
        if rel == "this":
            sy = y
        if rel == "next":
            sy = y if mo < lo else y + 1
        end_y = sy + 1 if lo > hi else sy
        return Period(start=iso(sy, lo), end=iso(end_y, hi))
    if g["mon2"]:
        month = MONTHS[g["mon2"].rstrip(".").lower()]
        return Period.point(iso(y + {"last": -1, "next": 1}.get(g["which"].lower(), 0), month))
    if g["mon3"]:  # 'this February' in December is this year's; 'last March' the latest March before
        month = MONTHS[g["mon3"].lower()]
        which = g["which2"].lower()
        year = y if month <= mo else y - 1
        if which == "last" and month == mo:
            year = y - 1
        if which == "next":
            year = y if month > mo else y + 1
        return Period.point(iso(year, month))
    if g["recent"]:  # 'during his recent visit': around the article's own date
        return Period.point(iso(y, mo))
    if g["yesterday"]:
        if not d:
            return None
        day = today - timedelta(days=1) if g["yesterday"].lower() == "yesterday" else today
        return Period.point(day.isoformat())
    if g["wd"]:
        if not d:
            return None
        back = (today.weekday() - WEEKDAYS.index(g["wd"].lower())) % 7
        return Period.point((today - timedelta(days=back)).isoformat())
    if g["bare"]:
        month = MONTHS[g["bare"].lower()]
        year = _year_for(month, None, anchor)
        return Period.point(iso(year, month)) if year else None
    return None


def dates(doc: Doc) -> Doc:
    """doc.dates: every date expression of the text; an undated 'April 9' in an undated article takes the
    year most recently stated before it."""
    refs = []
    fallback = None
    for s in doc.sentences:
        on_time(doc)
        found = resolve(s.text, doc.doc_date, s.start, fallback)
        refs += found
        # only a stated month and year ('In February 2016') sets the year of a later undated 'April 7'
        years = [int(r.period.end[:4]) for r in found if r.period.end and len(r.period.start or "") >= 7]
        fallback = years[-1] if years else fallback
    doc.dates = sorted(refs, key=lambda r: r.start)
    doc.date_starts = [r.start for r in doc.dates]
    return doc


def dates_in(doc: Doc, start: int, end: int) -> list[DateRef]:
    """The date references inside [start, end), found by bisection over their sorted starts."""
    starts = doc.date_starts
    lo = bisect.bisect_left(starts, start)
    hi = bisect.bisect_left(starts, end)
    return [r for r in doc.dates[lo:hi] if r.end <= end]


_ASIDE_MARKS = re.compile(r"\s[-–—]\s|[()]")


def aside_at(text: str, start: int, end: int, pos: int) -> Optional[tuple[int, int]]:
    """The aside between dashes or brackets that holds pos, within [start, end): '… aircraft – ordered from
    Brazil in 2006 – in an attack …'. Its dates are its own, not the sentence's."""
    marks = [(m.start(), m.group(0).strip()) for m in _ASIDE_MARKS.finditer(text, start, end)]
    opened = None
    for p, mark in marks:
        if mark == "(":
            opened = p
        elif mark == ")" and opened is not None:
            if opened < pos < p:
                return opened, p
            opened = None
    dashes = [p for p, mark in marks if mark in "-–—"]
    for a, b in zip(dashes[::2], dashes[1::2]):
        if a < pos < b:
            return a, b
    return None


def same_aside(text: str, start: int, end: int, refs: list[DateRef], pos: int) -> list[DateRef]:
    """The dates that share pos's aside, or, outside any aside, the dates outside asides."""
    mine = aside_at(text, start, end, pos)
    if mine is not None:
        inside = [r for r in refs if mine[0] < r.start < mine[1]]
        return inside or refs
    return [r for r in refs if aside_at(text, start, end, r.start) is None]


def lead_start(doc: Doc) -> int:
    """Where the article's lead, its first sentence after the metadata lines, starts: what the lead reports
    without a date happened when the article was published (news writing's convention). Found once per article."""
    found = doc.lead
    if found is None:
        found = doc.lead = next(
            (s.start for s in doc.sentences
             if not METADATA.match(s.text) and len(s.text) > 60), 0)
    return found
