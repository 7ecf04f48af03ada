"""Date primitives: month names, explicit date mentions, partial ISO dates ('2016', '2016-04', '2016-04-09').

Pure functions shared by metadata recovery (the article's own date) and the pipeline's date stage.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Optional

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
MONTH_RE = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
            r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")

# Month D, YYYY | Month D | D Month YYYY | Month YYYY ; the year is optional where the text leaves it out
DATE_MENTION = re.compile(
    rf"\b(?:(?P<m1>{MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*(?P<d1e>\d{{1,2}}))?"
    rf"(?:,?\s+(?P<y1>(?:1[89]|20)\d\d)(?!-\d))?"
    rf"|(?P<d2>\d{{1,2}})(?:\s*[-–]\s*(?P<d2e>\d{{1,2}}))?\s+(?P<m2>{MONTH_RE})(?:,?\s+(?P<y2>(?:1[89]|20)\d\d)(?!-\d))?"
    rf"|(?P<m3>{MONTH_RE})(?:\s+of)?,?\s+(?P<y3>(?:1[89]|20)\d\d)(?!-\d))\b"
    r"|\b(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: Optional[int]
    month: int
    day: Optional[int]
    day_end: Optional[int] = None

    def iso(self, year: Optional[int] = None) -> Optional[str]:
        y = self.year or year
        if not y:
            return None
        return iso(y, self.month, self.day)

    def iso_end(self, year: Optional[int] = None) -> Optional[str]:
        y = self.year or year
        if not y:
            return None
        return iso(y, self.month, self.day_end or self.day)


def iso(year: int, month: Optional[int] = None, day: Optional[int] = None) -> str:
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_dates(text: str) -> list[DateMention]:
    """Every explicit calendar date mention (with or without its year) in text."""
    out = []
    for m in DATE_MENTION.finditer(text):
        g = m.groupdict()
        if g["iy"]:
            y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
            if 1 <= mo <= 12 and 1 <= d <= 31:
                out.append(DateMention(m.start(), m.end(), y, mo, d))
            continue
        mon = g["m1"] or g["m2"] or g["m3"]
        month = MONTHS.get(mon.rstrip(".").lower())
        if not month:
            continue
        mo = month
        day = g["d1"] or g["d2"]
        day_end = g["d1e"] or g["d2e"]
        year = g["y1"] or g["y2"] or g["y3"]
        if day and not 1 <= int(day) <= 31:
            continue
        # "May" and "March" are also words: a bare month needs a day or a year to count
        out.append(DateMention(m.start(), m.end(), int(year) if year else None, mo,
                               int(day) if day else None, int(day_end) if day_end else None))
    # 'September 27 – November 10, 2020': the first end of a range takes the year of the second
    for i in range(len(out) - 1, 0, -1):
        a, b = out[i - 1], out[i]
        if a.year is None and b.year and re.fullmatch(r"\s*(?:[-–—]|to|until|and|through)\s*", text[a.end:b.start]):
            out[i - 1] = DateMention(a.start, a.end, b.year if a.month <= b.month else b.year - 1,
                                     a.month, a.day, a.day_end)
    return out


def parse_date(s: str) -> Optional[str]:
    """A single free-standing date string ('November 21, 2016', '2016-11-21T10:00Z', '21 Nov 2016') → ISO."""
    s = s.strip()
    m = re.match(r"^((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?", s)
    if m:
        return iso(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
    found = [d for d in find_dates(s) if d.year]
    return found[0].iso() if found else None


def shift_months(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1
