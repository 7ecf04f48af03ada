"""The word tables every stage shares, loaded once from armstrace/data: transfer triggers with their frames,
the cues that change a transfer's stage, speech verbs, event triggers. Each word list is defined here once."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from ..data import read_rows, split_list


def alternation(phrases: Iterable[str], fold: bool = False) -> str:
    """A regex alternation of word-table phrases built as a trie, shared beginnings written once, so that the
    regex engine tries a position once instead of once per phrase (Python's re does not merge them itself).
    At each branch the longer phrase is tried first, as in a longest-first list. A space in a phrase matches any
    run of spaces, '*' any word ending ('deliver*'), a lone '*' any word. `fold`: lowercase the phrases (for a
    pattern compiled with re.I)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for piece in _pieces(phrase.lower() if fold else phrase):
            node = node.setdefault(piece, {})
        node[""] = {}
    return _trie_regex(trie)


def _pieces(phrase: str) -> list[str]:
    out: list[str] = []
    for i, word in enumerate(phrase.split()):
        if i:
            out.append(r"\s+")
        if word == "*":
            out.append(r"\w+")
            continue
        out += [r"\w*" if ch == "*" else re.escape(ch) for ch in word]
    return out


def _trie_regex(node: dict) -> str:
    # literal pieces before wildcards, so that a wildcard does not swallow what a longer phrase spells out
    pieces = sorted(node.items(), key=lambda kv: kv[0].startswith("\\w"))
    branches = [piece + _trie_regex(rest) for piece, rest in pieces if piece]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str        # verb | noun
    frame: str      # supply | acquire | equip | deal | aid | operate | supplier | customer
    status: str


@dataclass(frozen=True)
class Cue:
    lemma: str
    as_complement: str   # the stage when the transfer is the cue's complement ('plans to buy')
    as_object: str       # the stage when the transfer is its object ('cancelled the order')


@lru_cache(maxsize=1)
def transfer_triggers() -> dict[tuple[str, str], Trigger]:
    """(form, pos) → trigger: ('sold', 'verb') → sell."""
    out: dict[tuple[str, str], Trigger] = {}
    for lemma, pos, frame, status, forms in read_rows("transfer_triggers.txt"):
        t = Trigger(lemma, pos, frame, status)
        for f in split_list(forms):
            out.setdefault((f.lower(), pos), t)
    return out


@lru_cache(maxsize=1)
def frame_shifts() -> dict[tuple[str, str], tuple[str, str]]:
    """(governing verb form, trigger noun form) → (frame, status): 'won an order' → ('won', 'ordered')."""
    out = {}
    for verbs, nouns, frame, status in read_rows("frame_shifts.txt"):
        for v in split_list(verbs):
            for n in split_list(nouns):
                out[(v.lower(), n.lower())] = (frame, status)
    return out


@lru_cache(maxsize=1)
def status_cues() -> dict[str, Cue]:
    out: dict[str, Cue] = {}
    for forms, comp, obj in read_rows("status_cues.txt"):
        words = split_list(forms)
        for f in words:
            out.setdefault(f.lower(), Cue(words[0].lower(), comp, obj))
    return out


@lru_cache(maxsize=1)
def number_words() -> dict[str, int]:
    """'two' → 2, 'a dozen' → 12."""
    return {word.lower(): int(value) for word, value in read_rows("number_words.txt")}


@lru_cache(maxsize=1)
def speech_verbs() -> dict[str, str]:
    """form → lemma of the verbs of saying."""
    out = {}
    for forms, *_ in read_rows("speech_verbs.txt"):
        words = split_list(forms)
        for f in words:
            out[f.lower()] = words[0].lower()
    return out


@cache
def speech_lemmas(role: str) -> frozenset[str]:
    """The lemmas of the verbs of saying with a role ('act', 'promise', 'charge', ...; speech_verbs.txt)."""
    return frozenset(split_list(forms)[0].lower() for forms, *roles in read_rows("speech_verbs.txt")
                     if role in split_list(roles[0] if roles else ""))


@cache
def speech_forms(role: str) -> str:
    """A regex alternation (a trie, lowercase: for patterns compiled with re.I) of the forms of the verbs of
    saying with a role ('attribution', 'assertion'): for the shallow patterns that work without a parse."""
    return alternation({f for forms, *roles in read_rows("speech_verbs.txt")
                        if role in split_list(roles[0] if roles else "") for f in split_list(forms)}, fold=True)


@lru_cache(maxsize=1)
def _word_classes() -> dict[str, frozenset[str]]:
    return {name: frozenset(w.lower() for w in split_list(words)) for name, words in read_rows("word_classes.txt")}


def word_class(name: str) -> frozenset[str]:
    """The words of one class of data/word_classes.txt ('deal nouns', 'facilities', …)."""
    return _word_classes()[name]


@lru_cache(maxsize=1)
def civil() -> re.Pattern:
    """Words that make a purchase civil ('the airline ordered 30 passenger jets'): data/word_classes.txt."""
    return re.compile(r"\b(?:" + alternation(word_class("civil"), fold=True) + r")\b", re.I)


@lru_cache(maxsize=1)
def speech_idioms() -> dict[str, frozenset[str]]:
    """verb form → the words that make it report speech ('made' → clear, known, public)."""
    out: dict[str, frozenset[str]] = {}
    for verbs, words in read_rows("speech_idioms.txt"):
        for v in split_list(verbs):
            out[v.lower()] = out.get(v.lower(), frozenset()) | frozenset(w.lower() for w in split_list(words))
    return out


@lru_cache(maxsize=1)
def trigger_forms() -> frozenset[str]:
    """Every word that can start a fact: transfer triggers, the verbs of saying, statement nouns and 'according
    (to)' (the parse stage's filter)."""
    idiom_words = {w for words in speech_idioms().values() for w in words}
    return frozenset({f for f, _ in transfer_triggers()} | set(speech_verbs()) | word_class("statement nouns") |
                     {"according"} | idiom_words)
