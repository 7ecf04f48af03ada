"""The word tables' shared alternation: a trie of phrases finds what a longest-first list of them finds."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from armstrace.pipeline.lexicon import alternation

LETTERS = st.text(alphabet="abcAB-. ", min_size=1, max_size=6).map(str.strip).filter(bool)


def longest_first(phrases) -> str:
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(LETTERS, min_size=1, max_size=12), st.text(alphabet="abcAB-. \n", max_size=60))
def test_trie_matches_what_a_longest_first_list_matches(phrases, text):
    phrases = [" ".join(p.split()) for p in phrases]
    trie = re.compile(rf"(?:{alternation(phrases)})")
    listed = re.compile(rf"(?:{longest_first(phrases)})")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in listed.finditer(text)]


def test_folded_phrases_wildcards_and_spaces():
    pattern = re.compile(rf"\b(?:{alternation(['Air Defence', 'air defence system', 'deliver*', '* talks'], fold=True)})\b",
                         re.I)
    text = "The AIR  DEFENCE SYSTEM was delivered before peace talks began."
    assert [m.group(0) for m in pattern.finditer(text)] == ["AIR  DEFENCE SYSTEM", "delivered", "peace talks"]


def test_a_spelled_out_phrase_is_preferred_to_a_wildcard():
    pattern = re.compile(rf"(?:{alternation(['arm*', 'armoured vehicle'])})")
    assert pattern.match("armoured vehicle").group(0) == "armoured vehicle"
