"""Evaluation of extraction against gold annotations in the interchange format (docs/schema.md).

Matching follows the published rules of the evaluation set: per article, one-to-one and greedy in gold order;
names compared case-insensitively without punctuation or a leading 'the'.
  transfers   supplier, recipient, and weapon (family or variant; containment or close spelling); a gold row
              without a weapon matches a prediction without one or of the same category
  statistics  subject, unit, value within 1%
  events      type group, dates overlapping at the gold's granularity, a shared actor
  quotes      speaker's surname, and half of the shorter text's words shared
  entities    the canonical name, or a predicted name equal to a gold alias
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .data import event_group

CATEGORIES = ("transfers", "statistics", "events", "quotes", "entities")


def _norm(s) -> str:
    if s is None:
        return ""
    s = re.sub(r"[^\w\s-]", " ", str(s).casefold()).strip()
    s = re.sub(r"^the\s+", "", s)
    return " ".join(s.split())


def _alike(a, b) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a and b) and (a == b or a in b or b in a or SequenceMatcher(None, a, b).ratio() >= 0.85)


def _group(t) -> object:
    return event_group(_norm(t))


def _bounds(d) -> tuple[str, str]:
    if not d:
        return "", ""
    if isinstance(d, str):
        return d, d
    return d.get("start") or "", d.get("end") or d.get("start") or ""


def _overlap(gold, pred) -> bool:
    gs, ge = _bounds(gold)
    if not gs:
        return True
    ps, pe = _bounds(pred)
    if not ps:
        return False
    n = max(len(gs), len(ge))
    return ps[:n] <= ge[:n] and gs[:n] <= pe[:n]


def same_transfer(g: dict, p: dict) -> bool:
    if not (_alike(g.get("supplier"), p.get("supplier")) and _alike(g.get("recipient"), p.get("recipient"))):
        return False
    gw = [w for w in (g.get("weapon"), g.get("variant")) if w]
    pw = [w for w in (p.get("weapon"), p.get("variant")) if w]
    if not gw:
        return not pw or _norm(p.get("category")) == _norm(g.get("category"))
    return any(_alike(a, b) for a in gw for b in pw)


def same_statistic(g: dict, p: dict) -> bool:
    try:
        gv, pv = float(g.get("value") or 0), float(p.get("value") or 0)
    except (TypeError, ValueError):
        return False
    return _alike(g.get("subject"), p.get("subject")) and _norm(g.get("unit")) == _norm(p.get("unit")) \
        and abs(gv - pv) <= 0.01 * max(abs(gv), 1e-9)


def same_event(g: dict, p: dict) -> bool:
    ga = {_norm(a) for a in g.get("actors") or []}
    pa = {_norm(a) for a in p.get("actors") or []}
    return _group(g.get("type")) == _group(p.get("type")) and _overlap(g.get("date"), p.get("date")) \
        and (not ga or bool(ga & pa))


def _words(s) -> set[str]:
    return set(re.findall(r"\w+", (s or "").casefold()))


def same_quote(g: dict, p: dict) -> bool:
    gs, ps = _norm(g.get("speaker")).split(), _norm(p.get("speaker")).split()
    if (gs[-1] if gs else "") != (ps[-1] if ps else ""):
        return False
    gw, pw = _words(g.get("text")), _words(p.get("text"))
    return bool(gw and pw) and len(gw & pw) >= 0.5 * min(len(gw), len(pw))


def same_entity(g: dict, p: dict) -> bool:
    return any(_norm(n) == _norm(p.get("name")) for n in [g.get("name"), *(g.get("aliases_in_text") or [])] if n)


MATCHERS: dict[str, Callable[[dict, dict], bool]] = {
    "transfers": same_transfer, "statistics": same_statistic, "events": same_event, "quotes": same_quote,
    "entities": same_entity}


def pairs(gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool]) -> list[tuple[int, int]]:
    """(gold index, prediction index) of each match: one-to-one, greedy in gold order."""
    used: set[int] = set()
    out = []
    for i, g in enumerate(gold):
        j = next((j for j, p in enumerate(pred) if j not in used and same(g, p)), None)
        if j is not None:
            used.add(j)
            out.append((i, j))
    return out


def matches(gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool]) -> int:
    return len(pairs(gold, pred, same))


def prf(tp: int, predicted: int, gold: int) -> dict:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "predicted": predicted,
            "gold": gold}


@dataclass
class DocumentErrors:
    """What one article's extraction missed and added, per category, with the problems it reported."""
    name: str
    missed: dict[str, list[dict]] = field(default_factory=dict)
    spurious: dict[str, list[dict]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    scores: dict[str, dict]
    documents: list[DocumentErrors]


def evaluate(gold_dir: Path, pred_dir: Path) -> Evaluation:
    """Micro-averaged scores of every PRED_DIR/NAME.json against GOLD_DIR/NAME.json (missing = empty), and
    each article's misses and spurious facts."""
    totals = {c: [0, 0, 0] for c in CATEGORIES}
    docs = []
    for gf in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gf.read_text("utf-8"))
        pf = Path(pred_dir) / gf.name
        pred = json.loads(pf.read_text("utf-8")) if pf.exists() else {}
        errors = DocumentErrors(gf.stem, problems=list(pred.get("problems") or []))
        for c in CATEGORIES:
            g, p = gold.get(c) or [], pred.get(c) or []
            found = pairs(g, p, MATCHERS[c])
            t = totals[c]
            t[0] += len(found)
            t[1] += len(p)
            t[2] += len(g)
            errors.missed[c] = [g[i] for i in range(len(g)) if i not in {a for a, _ in found}]
            errors.spurious[c] = [p[j] for j in range(len(p)) if j not in {b for _, b in found}]
        docs.append(errors)
    return Evaluation({c: prf(*v) for c, v in totals.items()}, docs)


def score_dirs(gold_dir: Path, pred_dir: Path) -> dict[str, dict]:
    return evaluate(gold_dir, pred_dir).scores


_SHOWN = {"transfers": ("supplier", "recipient", "weapon", "variant", "category", "status"),
          "statistics": ("subject", "metric", "counterpart", "value", "unit"),
          "events": ("type", "actors", "date"), "quotes": ("speaker", "text"), "entities": ("name", "type")}


def describe(category: str, row: dict) -> str:
    """One line for a fact in an error listing."""
    parts = []
    for k in _SHOWN[category]:
        v = row.get(k)
        if v in (None, [], ""):
            continue
        if isinstance(v, dict):
            v = "–".join(str(x) for x in (v.get("start"), v.get("end")) if x)
        if isinstance(v, list):
            v = ", ".join(map(str, v))
        v = str(v)
        parts.append(v if len(v) < 90 else v[:87] + "…")
    return " | ".join(parts)
