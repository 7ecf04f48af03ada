import pytest


def test_spending_with_period_and_cited_source(run):
    ex = run("According to the Stockholm International Peace Research Institute, Algeria has spent some $9.5 billion "
             "on military hardware over the past decade.", published="2019-03-11")
    [s] = ex.statistics
    assert (s.subject, s.metric, s.value, s.unit, s.source_cited) == ("Algeria", "military hardware spending", 9.5e9,
                                                                      "USD", "SIPRI")
    assert (s.period.start, s.period.end) == ("2009", "2019")


def test_import_share_with_its_and_same_period(run):
    ex = run("The United States has long been Saudi Arabia's main arms supplier. Between 2015 and 2019, its share "
             "was 73 percent of Saudi Arabia's total arms imports (Sipri.org, March 2020). The United Kingdom "
             "supplied 13 percent over the same period.", published="2020-04")
    got = {(s.subject, s.counterpart, s.value, s.unit) for s in ex.statistics}
    assert got == {("Saudi Arabia", "United States", 73.0, "percent"), ("Saudi Arabia", "United Kingdom", 13.0,
                                                                        "percent")}
    assert all((s.period.start, s.period.end) == ("2015", "2019") for s in ex.statistics)


def test_percentages_about_other_things_are_not_arms_statistics(run):
    ex = run("Only ten percent of the missiles exploded, he said. Twenty percent of the territory was lost.")
    assert ex.statistics == []


def test_deal_values_are_transfers_not_statistics(run):
    ex = run("Over the past five years, Egypt has purchased French-made arms worth some $6 billion.",
             published="2018-01")
    assert ex.statistics == [] and ex.transfers[0].value.amount == 6e9


def test_share_of_gdp_and_total_arms_exports(run):
    ex = run("Analysts said Poland would spend 3 percent of its GDP on defence next year. South Korea's arms exports "
             "reached $7 billion in 2021.", published="2022-07-28")
    got = {(s.subject, s.metric, s.value, s.unit) for s in ex.statistics}
    assert got == {("Poland", "military spending share of GDP", 3.0, "percent"),
                   ("South Korea", "arms exports value", 7e9, "USD")}


def test_shares_of_the_countries_buying_from_a_seller_are_the_sellers_exports(run):
    ex = run("The main countries buying weapons from France were Qatar, accounting for 20%, Egypt (15%) and "
             "Greece (9%).")
    assert {(s.subject, s.metric, s.counterpart, s.value) for s in ex.statistics} == {
        ("France", "arms exports share", "Qatar", 20.0), ("France", "arms exports share", "Egypt", 15.0),
        ("France", "arms exports share", "Greece", 9.0)}
    assert {(t.supplier, t.recipient) for t in ex.transfers} == {("France", "Qatar"), ("France", "Egypt"),
                                                                 ("France", "Greece")}


def test_an_importers_shares_keep_the_seller_nearest_each_number(run):
    ex = run("Chile imports its weapons from Germany (41%) and France (30%), while also buying 2.5% from Spain.")
    assert {(s.subject, s.metric, s.counterpart, s.value) for s in ex.statistics} == {
        ("Chile", "arms imports share", "Germany", 41.0), ("Chile", "arms imports share", "France", 30.0),
        ("Chile", "arms imports share", "Spain", 2.5)}
    assert {(t.supplier, t.recipient) for t in ex.transfers} == {("Germany", "Chile"), ("France", "Chile"),
                                                                 ("Spain", "Chile")}


def test_a_contracts_value_is_the_buyers_from_the_makers_state_once_for_headline_and_sentence(run):
    ex = run("Title: Rheinmetall signs 2 billion euro deal with Hungary\n\nRheinmetall has signed a contract with "
             "Hungary worth 2 billion euros, covering Lynx infantry fighting vehicles and Skyranger air defence "
             "systems.", published="2024-05-08")
    [s] = ex.statistics
    assert (s.subject, s.counterpart, s.metric, s.value, s.unit, len(s.evidence)) == \
        ("Hungary", "Germany", "contract value", 2e9, "EUR", 2)
    assert {t.weapon for t in ex.transfers} >= {"Lynx KF-41"}  # what the contract covers


def test_a_metric_is_not_read_from_a_name(run):
    ex = run("The China National Precision Machinery Import & Export Corporation has signed a contract worth $400 "
             "million with Bangladesh, covering FM-90 and HQ-16 air defence systems.", published="2024-05-08")
    [s] = ex.statistics
    assert (s.subject, s.counterpart, s.metric) == ("Bangladesh", "China", "contract value")  # not 'imports'


def test_a_system_neither_imports_nor_spends(run):
    ex = run("The $2 billion deal to buy Su-35 jets from Russia was signed in 2018.")
    assert not [s for s in ex.statistics if s.subject == "Su-35"]


def test_the_second_clause_of_a_sentence_has_its_own_subject_and_a_rise_is_no_share(run):
    ex = run("African arms imports fell by 18 per cent between 2014-18 and 2019-23 and Italy's arms exports rose by "
             "86 per cent in the same period.")
    got = {(s.subject, s.metric, s.value) for s in ex.statistics}
    assert got == {("Africa", "arms imports change", -18), ("Italy", "arms exports change", 86)}


def test_a_change_of_a_share_stays_a_share(run):
    ex = run("Italy's share of global arms exports rose by 1.8 per cent.")
    assert [(s.subject, s.metric, s.value) for s in ex.statistics] == [("Italy", "arms exports share change", 1.8)]


def test_a_level_reached_is_the_share_not_its_change(run):
    ex = run("Spain's share of global arms exports climbed to 3.4 percent, up from 2.6% five years earlier.")
    assert {(s.subject, s.metric, s.value) for s in ex.statistics} == {("Spain", "arms exports share", 3.4),
                                                                       ("Spain", "arms exports share", 2.6)}


def test_a_state_compared_with_is_no_counterpart_and_no_partner_in_a_transfer(run):
    ex = run("Germany's share of world arms exports was 5.6 percent, making it the fifth-largest exporter behind "
             "China.")
    assert {(s.subject, s.counterpart) for s in ex.statistics} == {("Germany", None)}
    assert not ex.transfers


def test_a_ranking_of_shares_pairs_no_states(run):
    ex = run("Ukraine accounted for 8.8% of global arms imports in 2020-24, followed by India (8.3%) and Qatar (6.8%).")
    assert {(s.subject, s.metric, s.counterpart, s.value) for s in ex.statistics} == {
        ("Ukraine", "arms imports share", None, 8.8), ("India", "arms imports share", None, 8.3),
        ("Qatar", "arms imports share", None, 6.8)}
    assert not ex.transfers


def test_a_dateline_city_holds_no_statistic(run):
    ex = run("ROME: A $900 million defence deal was agreed this week, officials said.", published="2024-01-12")
    assert not [s for s in ex.statistics if s.subject in ("Rome", "Italy")]


@pytest.mark.parametrize("sentence,value", [
    ("With the deal, Norway has become the 9th country in the world to operate the K9 howitzer.", 9),
    ("Norway became the third country to buy the K9 howitzer.", 3),
    ("With the deal, eleven countries now operate the K9 howitzer.", 11),
])
def test_the_countries_that_operate_a_system_are_its_statistic(run, sentence, value):
    ex = run(sentence)
    assert [(s.subject, s.metric, s.value, s.unit) for s in ex.statistics] == [
        ("K9", "operator countries", value, "countries")]
