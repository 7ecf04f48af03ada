"""armstrace's domain knowledge as data files: word tables, gazetteers, the weapon catalogue.

Word tables are lines of fields separated by '|', lists inside a field by ';'; '#' starts a comment line."""
from __future__ import annotations

from collections.abc import Iterator
from importlib import resources


def read_rows(name: str) -> Iterator[list[str]]:
    """The rows of a word table, each a list of its stripped fields."""
    for line in resources.files(__name__).joinpath(name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield [c.strip() for c in line.split("|")]


def event_group(kind: str) -> str:
    """The group of an event kind ('shelling' → 'fight'; event_groups.txt), else the kind itself."""
    return _event_groups().get(kind.casefold(), kind)


def _event_groups() -> dict[str, str]:
    if not _GROUPS:
        _GROUPS.update({k.casefold(): group for group, kinds in read_rows("event_groups.txt") for k in split_list(kinds)})
    return _GROUPS


_GROUPS: dict[str, str] = {}


def split_list(s: str) -> list[str]:
    """A field's ';'-separated items."""
    return [x.strip() for x in s.split(";") if x.strip()]
