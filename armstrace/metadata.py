"""Recover an article's title, outlet, author, date and URL from whatever it carries.

Sources, strongest first: HTML meta tags, labelled header lines ('Publication:', 'Original url:', 'By'),
a date line under the headline, a date in the URL, and as a last resort the latest dated reference in
the text (marked 'inferred'). Pure functions over text; no I/O beyond loading the outlet table once.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Optional
from urllib.parse import urlparse

from .dates import find_dates, iso, parse_date
from .model import DateHow, TitleHow

HEADER_LINES = 20
_URL = re.compile(r"https?://[^\s<>()\[\]\"']+")
_LABEL = re.compile(r"^\s*(?:\*\*)?(?P<key>title|headline|author|authors|by|byline|date|published|publication date|"
                    r"publication|source|outlet|publisher|original url|url|source url|link)(?:\*\*)?\s*:\s*"
                    r"(?:\*\*)?\s*(?P<value>.*?)\s*$", re.I)
_BYLINE = re.compile(r"^\s*(?:\*\*|_)?by\s+(?P<who>.+?)(?:\*\*|_)?\s*$", re.I)
_NAME = re.compile(r"^[A-Z][\w'’.-]+(?:\s+(?:de|van|von|al|el|bin)?\s*[A-Z][\w'’.-]+){1,3}$")
_BIO = re.compile(r"(?:^|\n)\s*(?P<who>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s+is\s+(?:a|an|the)\s+[^\n.]{0,120}?"
                  r"\b(?:journalist|correspondent|reporter|writer|editor|analyst|researcher|fellow|columnist)\b")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])(?:[/-](0?[1-9]|[12]\d|3[01]))?(?:[/-]|$)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]{1,40},\s*(?P<date>[A-Z][a-z]+\.? \d{1,2},? (?:19|20)\d\d|\d{1,2} [A-Z][a-z]+ (?:19|20)\d\d)"
                       r"\s*(?:[-–—]|\()")


@dataclass
class Metadata:
    title: Optional[str] = None
    title_how: TitleHow = "explicit"
    outlet: Optional[str] = None
    author: Optional[str] = None
    published: Optional[str] = None
    published_how: DateHow = "unknown"
    published_note: Optional[str] = None
    url: Optional[str] = None


@lru_cache(maxsize=1)
def _outlets() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(resources.files("armstrace.data").joinpath("outlets.json").read_text("utf-8"))
    by_domain, by_abbr = {}, {}
    for o in data["outlets"]:
        for d in o.get("domains", []):
            by_domain[d] = o["name"]
        for a in o.get("abbr", []):
            by_abbr[a] = o["name"]
        by_abbr[o["name"]] = o["name"]
    return by_domain, by_abbr


def outlet_from_url(url: str) -> Optional[str]:
    host = (urlparse(url).hostname or "").lower()
    by_domain, _ = _outlets()
    while host:
        if host in by_domain:
            return by_domain[host]
        host = host.partition(".")[2]
    return None


def _clean(s: str) -> str:
    s = _MD_LINK.sub(r"\1", s)
    s = re.sub(r"^[#>*_\s]+|[*_\s]+$", "", s)
    return re.sub(r"\s+", " ", s).strip()


def _is_title_like(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 25 and len(line) <= 200 and not line.rstrip().endswith((".", ",", ";", ":")) \
        and not _BYLINE.match(line) and not parse_date_line(line) and not _URL.match(line)


def parse_date_line(line: str) -> Optional[str]:
    """A line that is only a date ('November 21, 2016', 'Published 21 Nov 2016 10:42') → ISO date."""
    s = _clean(line)
    s = re.sub(r"^(?:published|updated|posted|date)\s*:?\s*", "", s, flags=re.I)
    if not s or len(s.split()) > 7:
        return None
    found = [d for d in find_dates(s) if d.year]
    if found and found[0].start <= 12:
        return found[0].iso()
    return parse_date(s) if re.match(r"^(?:19|20)\d\d-\d\d", s) else None


def date_from_url(url: str) -> Optional[str]:
    m = _URL_DATE.search(urlparse(url).path)
    if not m:
        return None
    return iso(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)


def infer_date(text: str, today: Optional[date] = None) -> Optional[str]:
    """The month of the latest dated reference in the text, undated 'April 9' taking the latest stated year.

    An article reports what happened up to its own date, so the latest reference bounds it from below.
    """
    today = today or date.today()
    mentions = find_dates(text)
    years = [d.year for d in mentions if d.year and d.year <= today.year]
    if not years:
        return None
    anchor = max(years)
    best = None
    for d in mentions:
        y = d.year or anchor
        if y > today.year or (d.year is None and d.month is None):
            continue
        key = (y, d.month)
        if best is None or key > best:
            best = key
    return iso(*best) if best else None


def recover_metadata(text: str, html_meta: Optional[dict] = None, today: Optional[date] = None) -> Metadata:
    meta = Metadata()
    html_meta = html_meta or {}
    lines = text.split("\n")
    header = [(i, ln) for i, ln in enumerate(lines) if ln.strip()][:HEADER_LINES]
    labelled: dict[str, str] = {}
    for i, ln in header:
        m = _LABEL.match(ln)
        if not m:
            continue
        key, value = m["key"].lower(), _clean(m["value"])
        if not value and key in ("original url", "url", "source url", "link"):
            nxt = next((ln2 for ln2 in lines[i + 1:i + 4] if ln2.strip()), "")
            value = nxt.strip()
        labelled.setdefault(key, value)
    # labelled lines may also sit in the footer ('Original url:' after the article)
    for i, ln in enumerate(lines[-15:]):
        m = _LABEL.match(ln)
        if m and m["key"].lower() in ("original url", "url", "source url", "link", "source"):
            value = m["value"].strip() or next((x for x in lines[len(lines) - 15 + i + 1:] if x.strip()), "")
            if _URL.search(value):
                labelled.setdefault("original url", value)

    # URL
    for key in ("original url", "url", "source url", "link", "source"):
        url = _URL.search(labelled.get(key, ""))
        if url:
            meta.url = url.group(0).rstrip(".,>")
            break
    meta.url = html_meta.get("url") or meta.url

    # title
    for key in ("title", "headline"):
        if labelled.get(key):
            meta.title = labelled[key]
    if html_meta.get("title"):
        meta.title, meta.title_how = html_meta["title"], "metadata"
    if not meta.title:
        heading = next((_clean(ln) for _, ln in header if re.match(r"^\s*#{1,2}\s+\S", ln)), None)
        first = next((ln for _, ln in header if not _LABEL.match(ln)), "")
        if heading:
            meta.title = heading
        elif first and _is_title_like(_clean(first)):
            meta.title = _clean(first)
    if not meta.title:
        meta.title, meta.title_how = _derived_title(text), "derived"

    # outlet
    publication = labelled.get("publication") or labelled.get("outlet") or labelled.get("publisher")
    if publication:
        meta.outlet = re.split(r"\s+(?:Volume|Vol\.|Issue|No\.)\s*:?", publication)[0].strip() or None
    meta.outlet = html_meta.get("outlet") or meta.outlet
    if not meta.outlet and meta.url:
        meta.outlet = outlet_from_url(meta.url)
    if not meta.outlet:
        meta.outlet = _outlet_from_interview(text)

    # author
    who = labelled.get("author") or labelled.get("authors") or labelled.get("by") or labelled.get("byline")
    if not who:
        for _, ln in header:
            m = _BYLINE.match(ln)
            if m:
                who = _clean(m["who"])
                break
    if who:
        who = re.split(r"\s*[|,]\s*|\s+for\s+", who)[0].strip()
        meta.author = who if _NAME.match(who) else None
    meta.author = html_meta.get("author") or meta.author
    if not meta.author:
        bios = list(_BIO.finditer(text[-2000:]))
        if bios:
            meta.author = bios[-1]["who"]

    # date
    explicit = labelled.get("date") or labelled.get("published") or labelled.get("publication date")
    d = parse_date_line(explicit) if explicit else None
    if not d:
        d = next((parse_date_line(ln) for _, ln in header[:12] if parse_date_line(ln)), None)
    if not d:  # 'NEW DELHI, March 2, 2020 — ...'
        d = next((parse_date(m["date"]) for _, ln in header[:6] if (m := _DATELINE.match(ln))), None)
    if d:
        meta.published, meta.published_how = d, "explicit"
    elif html_meta.get("published"):
        meta.published, meta.published_how = html_meta["published"], "metadata"
    elif meta.url and date_from_url(meta.url):
        meta.published, meta.published_how = date_from_url(meta.url), "url"
    else:
        d = infer_date(text, today)
        if d:
            meta.published, meta.published_how = d, "inferred"
            meta.published_note = "inferred: month of the latest dated reference in the text"
    return meta


def _derived_title(text: str) -> Optional[str]:
    body = " ".join(text.split())
    if not body:
        return None
    first = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0]
    words = first.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def _outlet_from_interview(text: str) -> Optional[str]:
    """'..., he told IWPR' names the outlet that interviewed the speaker: the article's own."""
    _, by_abbr = _outlets()
    counts: dict[str, int] = {}
    for m in re.finditer(r"\btold (?:the )?([A-Z][\w/.-]*(?: [A-Z][\w.-]*){0,3})", text):
        name = m.group(1)
        for n in range(len(name.split()), 0, -1):
            cand = " ".join(name.split()[:n])
            if cand in by_abbr:
                counts[by_abbr[cand]] = counts.get(by_abbr[cand], 0) + 1
                break
    return max(counts, key=lambda k: counts[k]) if counts else None
