"""The word tables every stage shares, loaded once from armstrace/data: transfer triggers with their frames,
the cues that change a transfer's stage, speech verbs, event triggers. Each word list is defined here once."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .knowledge import _lines, _split


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
    out = {}
    for lemma, pos, frame, status, forms in _lines("transfer_triggers.txt"):
        t = Trigger(lemma, pos, frame, status)
        for f in _split(forms):
            out.setdefault((f.lower(), pos), t)
    return out


@lru_cache(maxsize=1)
def frame_shifts() -> dict[tuple[str, str], tuple[str, str]]:
    """(governing verb form, trigger noun form) → (frame, status): 'won an order' → ('won', 'ordered')."""
    out = {}
    for verbs, nouns, frame, status in _lines("frame_shifts.txt"):
        for v in _split(verbs):
            for n in _split(nouns):
                out[(v.lower(), n.lower())] = (frame, status)
    return out


@lru_cache(maxsize=1)
def status_cues() -> dict[str, Cue]:
    out = {}
    for forms, comp, obj in _lines("status_cues.txt"):
        words = _split(forms)
        for f in words:
            out.setdefault(f.lower(), Cue(words[0].lower(), comp, obj))
    return out


@lru_cache(maxsize=1)
def speech_verbs() -> dict[str, str]:
    """form → lemma of the verbs of saying."""
    out = {}
    for (forms,) in _lines("speech_verbs.txt"):
        words = _split(forms)
        for f in words:
            out[f.lower()] = words[0].lower()
    return out


@lru_cache(maxsize=1)
def speech_idioms() -> dict[str, frozenset[str]]:
    """verb form → the words that make it report speech ('made' → clear, known, public)."""
    out: dict[str, frozenset[str]] = {}
    for verbs, words in _lines("speech_idioms.txt"):
        for v in _split(verbs):
            out[v.lower()] = out.get(v.lower(), frozenset()) | frozenset(w.lower() for w in _split(words))
    return out


@lru_cache(maxsize=1)
def trigger_forms() -> frozenset[str]:
    """Every word that can start a fact: transfer triggers, the verbs of saying, statement nouns and 'according
    (to)' (the parse stage's filter)."""
    from .quotes import STATEMENT_NOUNS

    idiom_words = {w for words in speech_idioms().values() for w in words}
    return frozenset({f for f, _ in transfer_triggers()} | set(speech_verbs()) | STATEMENT_NOUNS | {"according"} |
                     idiom_words)
