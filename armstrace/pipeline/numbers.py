"""Numbers as the text states them: money in any common currency (data/currencies.txt) ('$2.6 billion', 'US$227 million', '1.4 trillion
won', '€650 million', 'NIS 1.9 billion', 'Rs 500 crore', 'W1.4tr'), percentages ('9.4%', '%31', '34 per cent'),
counts in figures or words ('56', '1.5 million', 'two', 'a dozen'). A range gives its lower bound."""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .lexicon import alternation, number_words


@lru_cache(maxsize=1)
def currencies() -> tuple[dict[str, str], dict[str, str]]:
    """(symbols and codes written before a number, words written after it) → ISO code (data/currencies.txt)."""
    from ..data import read_rows, split_list

    symbols: dict[str, str] = {}
    words: dict[str, str] = {}
    for code, before, after in read_rows("currencies.txt"):
        for sym in split_list(before):
            symbols.setdefault(sym, code)
        for w in split_list(after):
            words.setdefault(w.lower(), code)
    return symbols, words


SCALES = {"thousand": 1e3, "k": 1e3, "lakh": 1e5, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "crore": 1e7,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tr": 1e12, "tn": 1e12, "trn": 1e12}
NUMBER_WORDS = number_words()
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "top": 1}

_DIGIT = re.compile(r"\d")   # every amount and percentage has one: text without it is not searched further
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"thousand|lakh|million|mln|mn|crore|billion|bln|bn|trillion|trn|tn|tr|[mbk](?![a-z])"


@lru_cache(maxsize=1)
def _money_re() -> re.Pattern:
    symbol_table, word_table = currencies()
    symbols, words = alternation(symbol_table, fold=True), alternation(word_table, fold=True)
    # a symbol or code before: '$2.6 billion', 'US$ 227m', 'NIS 1.9 billion', 'W1.4tr', '€40-50 million'
    before = (rf"(?<![\w$€£¥₩₹₱₪₺₽])(?P<sym>{symbols})\s?(?P<n1>{_NUM})(?:\s?(?:-|–|to)\s?(?:{_NUM}))?"
              rf"(?:[\s-]?(?P<s1>{_SCALE})\b)?")
    # a word after: '1.4 trillion won', '40-50 million euros', '2.5-billion-euro', '500 crore rupees'
    after = (rf"(?<![\w.])(?P<n2>{_NUM})(?:\s?(?:-|–|to)\s?(?:{_NUM}))?[\s-]?(?:(?P<s2>{_SCALE})[\s-]?)?"
             rf"(?P<word>{words})\b")
    return re.compile(rf"{before}|{after}", re.I)


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    value: float
    currency: str


def _number(s: str) -> float:
    return float(s.replace(",", ""))


def money_in(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[Amount]:
    """Every sum of money in text[start:end], with its offsets, value and ISO currency."""
    symbols, words = currencies()
    end = len(text) if end is None else end
    if not _DIGIT.search(text, start, end):
        return
    for m in _money_re().finditer(text, start, end):
        if m["sym"]:
            sym = m["sym"]
            code = symbols.get(sym)  # as written: 'W1.4tr', not 'w1'; 'NIS', not 'nis'
            if code is None or (sym in ("W", "Rs.") and not m["s1"]):
                continue  # 'W' alone before a number is not won without a scale ('W1.4tr')
            value = _number(m["n1"]) * SCALES.get((m["s1"] or "").lower(), 1)
        else:
            word = " ".join(m["word"].lower().split())
            if word in ("won", "pound", "pounds", "rand") and not m["s2"] and (
                    "," not in m["n2"] or text[m.start("word") - 1] == "-"):
                continue  # '2023 won the tender', '500-pound bombs', '2,000-pound bombs': a weight
            code = words[word]
            value = _number(m["n2"]) * SCALES.get((m["s2"] or "").lower(), 1)
        yield Amount(m.start(), m.end(), value, code)


def money(text: str):
    """The first sum of money in text as the model's Money, or None."""
    from ..model import Money

    a = next(money_in(text), None)
    return Money(amount=round(a.value, 2), currency=a.currency) if a else None


_PERCENT = re.compile(rf"(?:(?P<n>{_NUM})\s*(?:%|percent\b|per\s+cent\b|pct\b)|%\s?(?P<t>{_NUM}))", re.I)


@dataclass(frozen=True)
class Percent:
    start: int
    end: int
    value: float


def percents_in(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[Percent]:
    """'9.4%', '38 percent', '34 per cent' and the Turkish-style '%31'."""
    end = len(text) if end is None else end
    if not _DIGIT.search(text, start, end):
        return
    for m in _PERCENT.finditer(text, start, end):
        yield Percent(m.start(), m.end(), _number(m["n"] or m["t"]))


_COUNT = re.compile(rf"(?<![\w.,$€£¥₩₹₱₪₺₽%-])(?P<n>{_NUM})(?:\s(?P<s>million|billion|thousand))?(?![\w%]|[.,]\d)|"
                    r"\b(?P<w>" + alternation(["a dozen", "dozen", "a hundred"] +
                                             [k for k in NUMBER_WORDS if " " not in k], fold=True) + r")\b",
                    re.I)


@dataclass(frozen=True)
class Count:
    start: int
    end: int
    value: float


def counts_in(text: str, start: int = 0, end: Optional[int] = None) -> Iterator[Count]:
    """Numbers that count things: '56', '1.5 million', '400,000', 'two', 'a dozen' (not years, money or %)."""
    for m in _COUNT.finditer(text, start, len(text) if end is None else end):
        if m["w"]:
            yield Count(m.start(), m.end(), NUMBER_WORDS[" ".join(m["w"].lower().split())])
            continue
        value = _number(m["n"]) * SCALES.get((m["s"] or "").lower(), 1)
        yield Count(m.start(), m.end(), value)


def count_value(word: str) -> Optional[float]:
    """The value of one number word or figure ('56', '1,300', 'two')."""
    w = word.strip().lower()
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    try:
        return _number(w)
    except ValueError:
        return None
