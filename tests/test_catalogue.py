"""The weapon catalogue: built from SIPRI's register layout, shipped in the package, matched loosely."""
from pathlib import Path

import pytest
from typer.testing import CliRunner

from armstrace.catalogue import build, coverage, read_catalogue, read_curated, write_catalogue
from armstrace.cli import app
from armstrace.pipeline.knowledge import WeaponCatalogue, knowledge

FIX = Path(__file__).parent / "fixtures"


def _lookup(cat):
    def lookup(name):
        hit = cat.lookup(name)
        return (hit[0], cat.category(hit[0])) if hit else None
    return lookup


def test_a_register_builds_a_catalogue_that_resolves_all_its_designations(tmp_path):
    text = (FIX / "sipri-register.csv").read_text("latin-1")
    out = tmp_path / "catalogue.csv"
    n = write_catalogue(build(text), out, "test register")
    families = read_catalogue(out.read_text("utf-8"))
    assert n == len(families) > len(read_curated())
    cat = WeaponCatalogue(families)
    c = coverage(text, _lookup(cat))
    assert (c.resolved, c.total, c.missing) == (7, 7, [])
    by_name = {f.family: f for f in families}
    assert by_name["Toophan"].category == "general" and by_name["Toophan"].origin == "Iran"  # SIPRI-only family
    assert cat.lookup("9M723 Iskander")[0] == "Iskander" and cat.category("Smerch") == "MLRS"


def test_the_shipped_catalogue_resolves_what_it_took_from_sipri():
    cat = knowledge().catalogue
    names = [n for f in cat.families.values() if "SIPRI" in f.source for n in f.names()]
    resolved = sum(1 for n in names if (_lookup(cat)(n) or (None, None))[1])
    assert len(cat.families) > 3000 and resolved / len(names) >= 0.95


@pytest.mark.parametrize("surface,family", [
    ("F-16C Block-50", "F-16"), ("F-16V", "F-16"), ("Mi-171E", "Mi-17"), ("JAS-39C Gripen", "Gripen"),
    ("Gripen-E", "Gripen"), ("PJ-10 BrahMos", "BrahMos"), ("K-9", "K9"), ("K9", "K9"), ("AKINCI", "Bayraktar Akinci"),
    ("Bayraktar-TB2", "Bayraktar TB2"), ("SWATHI", "SWATHI"), ("Swathi", "SWATHI"), ("Type 212CD", "Type-212"),
    ("Type 214NG", "Type 214 submarine")])
def test_designations_match_whatever_the_case_hyphens_and_variant(surface, family):
    assert knowledge().catalogue.lookup(surface)[0] == family


def test_catalogue_check_reports_coverage_of_a_register():
    res = CliRunner().invoke(app, ["catalogue", "check", str(FIX / "sipri-register.csv")])
    assert res.exit_code == 0 and "of 7 designations resolve" in res.output


class _Everything:
    def __contains__(self, item):
        return True


def test_finding_designations_gives_what_trying_every_window_gives():
    # the catalogue tries windows of several words only after a word some designation starts with; over the names of
    # several words (plain, possessive, plural, '-class'), that gives the hits of trying every window
    cat = knowledge().catalogue
    names = sorted(n for f in cat.families.values() for n in f.names() if " " in n)[::7]
    text = " ".join(f"The army fielded {n}, {n}'s crews, two {n}s and a {n}-class one." for n in names)
    pruned = cat.find(text)
    cat._starts, starts = _Everything(), cat._starts
    try:
        every = cat.find(text)
    finally:
        cat._starts = starts
    assert len(names) > 100 and pruned == every


def test_a_bare_number_from_the_register_is_no_designation():
    # the register names some ships and torpedoes by a number alone; in news text those are numbers
    cat = knowledge().catalogue
    hits = cat.find("Spain will send 20 more tanks, 120 missiles and 53-65 shells, the 150 frigates.")
    assert hits == []


def test_a_word_after_a_designation_is_no_variant_of_it():
    assert knowledge().catalogue.lookup("T-72 tank") is None  # only letters glued to the number make a variant


def test_a_curated_familys_name_beats_another_familys_register_alias():
    # both read as weapons only in context; the register also calls the AC-119 gunship 'Stinger'
    from armstrace.catalogue import Family

    families = [Family("AC-119 Stinger", "aircraft", "United States", [], ["AC-119", "Stinger"], "SIPRI"),
                Family("Stinger", "MANPADS", "United States", [], ["FIM-92"], "curated")]
    cat = WeaponCatalogue(families, ambiguous=frozenset({"stinger"}))
    assert cat.lookup("Stinger")[0] == "Stinger"
    assert cat.lookup("AC-119")[0] == "AC-119 Stinger"
    assert knowledge().catalogue.lookup("Stinger")[0] == "Stinger"
