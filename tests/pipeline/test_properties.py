"""Whatever the text, extraction finishes and every evidence span is the text's own characters."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armstrace.model import Document, content_id
from armstrace.pipeline import extract

WORDS = ["Russia", "Armenia", "Baku", "the Kremlin", "Iskander", "S-400", "sold", "delivered", "to", "from",
         "buying", "Israeli", "drones", "$4 billion", "65 percent", "of", "imports", "On April 9,", "last week",
         "said", "“", "”", '"', "he said.", "Minister", "Dmitry Medvedev", "denied", "claims", "that", "it", ".",
         ",", "\n\n", "(", ")", "ceasefire", "war", "between 2013 and 2017", "K2", "tanks", "’s", "-", "—"]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(min_size=1, max_size=12)), min_size=1, max_size=60),
       st.sampled_from([None, "2016-04", "2021-04-03"]))
def test_extraction_never_fails_and_evidence_is_verbatim(parts, published):
    text = " ".join(parts)
    doc = Document(id=content_id(text), text=text, published=published)
    ex = extract(doc)
    for _, fact in ex.facts():
        for ev in fact.evidence:
            assert text[ev.start:ev.end] == ev.text


# ---- an article naming things armstrace has never heard of, in every sentence shape ---------------------------

SHAPES = [
    "{sup} sold {n} {des} {kind} to {rec} for {money}.",
    "{rec} ordered {des} {kind} from {company} in 2021.",
    "The {des} was delivered to {rec} last week.",
    "{company} won a contract from {rec} to supply {n} {des} {kind}.",
    "{rec}'s new {des} {kind}, made by {company}, arrived on Monday.",
    "“We will buy the {des},” said {person}, a spokesman for {company}.",
    "{rec} operates the {des}, according to a report by {company}.",
    "{des} ({des2}) {kind} were shown at a parade in {rec}.",
    "{rec} imported arms worth {money}, including {des} {kind}.",
    "Operators of the {des} include {rec}, {sup} and {company}.",
    "{person} denied that {sup} had supplied {des} {kind} to {rec}.",
    "A deal for {des}-{n} {kind} worth {money} was signed by {company} and the {rec} army.",
    "{sup}'s {des} exports rose by {n} percent, with {rec} the largest buyer.",
]
KINDS = ["tanks", "drones", "howitzers", "missiles", "frigates", "radars", "helicopters", "rifles", "systems"]
STATES = ["Chile", "Kenya", "Vietnam", "Norway", "Brazil", "Egypt", "Peru", "Thailand"]
CURRENCIES = ["$", "€", "£", "¥", "₩", "₹", "₱", "US$"]
SCALES = ["", " million", " billion", " bn", " trillion won", " crore rupees", " million pesos", " billion yen",
          " million shekels", " million lira", " billion rubles"]

designations = st.from_regex(r"\A[A-Z]{2,4}-[0-9]{1,3}[A-Z]?\Z").filter(
    lambda d: __import__("armstrace.pipeline.knowledge", fromlist=["knowledge"]).knowledge().catalogue.lookup(d) is None)
companies = st.builds(lambda a, b: f"{a} {b}", st.from_regex(r"\A[A-Z][a-z]{3,8}\Z"),
                      st.sampled_from(["Defence Systems", "Aerospace", "Dynamics", "Arms Ltd", "Industries"]))
money = st.builds(lambda c, n, s: f"{c}{n}{s}" if c else f"{n}{s}", st.sampled_from(CURRENCIES + [""]),
                  st.integers(1, 999), st.sampled_from(SCALES))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(SHAPES), min_size=3, max_size=8), designations, designations, companies, money,
       st.sampled_from(STATES), st.sampled_from(STATES), st.sampled_from(KINDS), st.integers(2, 90))
def test_an_article_of_uncatalogued_names_keeps_its_other_facts(shapes, des, des2, company, amount, sup, rec, kind,
                                                                 n):
    fill = dict(des=des, des2=des2, company=company, money=amount, sup=sup, rec=rec, kind=kind, n=n,
                person="Tomas Varga")
    text = "Arms news\n\nMay 3, 2023\n\n" + " ".join(s.format(**fill) for s in shapes) + \
        " Russia delivered T-90 tanks to Algeria in 2019."
    ex = extract(Document(id=content_id(text), text=text, source_path="a.txt"))
    assert ex.problems == []
    assert ("Russia", "Algeria", "T-90") in {(t.supplier, t.recipient, t.weapon) for t in ex.transfers}
    for _, fact in ex.facts():
        for ev in fact.evidence:
            assert text[ev.start:ev.end] == ev.text
