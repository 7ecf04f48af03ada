import pytest


def _e(ex):
    return {(e.type, e.date.start if e.date else None) for e in ex.events}


def test_dated_events_with_actors_location_and_fatalities(run):
    ex = run("On May 4, Indian and Pakistani troops clashed in Kashmir, leaving 12 soldiers dead. "
             "On May 10, Prime Minister Narendra Modi held telephone talks with the leaders of both countries. "
             "The two sides agreed a ceasefire on May 12.", published="2019-05-20")
    got = {e.type: e for e in ex.events}
    assert set(got) == {"armed clash", "phone call", "ceasefire"}
    clash = got["armed clash"]
    assert clash.date.start == "2019-05-04" and clash.fatalities == 12 and clash.location == "Kashmir"
    assert {"India", "Pakistan"} <= set(clash.actors)
    assert got["phone call"].actors[0] == "India"


def test_years_that_qualify_an_event_date_it(run):
    ex = run("According to the 2010 treaty, Russia may keep a military base in Tajikistan. "
             "In 2002, Uzbekistan withdrew from the CSTO.", published="2019-01")
    assert ("treaty", "2010") in _e(ex)


def test_a_reference_back_to_the_war_is_not_a_new_event(run):
    ex = run("On March 3, the minister spoke about losses during the war.", published="2021-04")
    assert {t for t, _ in _e(ex)} == set() or {t for t, _ in _e(ex)} == {"statement"}


def test_undated_happenings_are_not_events(run):
    ex = run("Greece and Turkey have clashed many times over the islands.")
    assert ex.events == []


def test_an_invasion_is_a_war_event(run):
    ex = run("Russia invaded Ukraine in February, and fighting has not stopped since.", published="2022-07-28")
    assert ("war", "2022-02") in _e(ex)


def test_an_aside_between_dashes_keeps_its_date_and_its_parties(run):
    ex = run("In 2015 the Peruvian air force used KT-1 trainers – ordered from South Korea in 2012 – in a raid on a "
             "rebel camp near the Ecuadorian border.")
    contract = [e for e in ex.events if e.type == "contract"]
    attack = [e for e in ex.events if e.type in ("attack", "armed clash")]
    assert [(e.date.start, set(e.actors)) for e in contract] == [("2012", {"South Korea", "Peru"})]
    assert attack and attack[0].date.start == "2015" and "South Korea" not in attack[0].actors
    [t] = ex.transfers
    assert t.period.start == "2012"


def test_an_aside_in_brackets():
    from armstrace.pipeline.temporal import aside_at

    text = "Chile bought the jets (delivered in 2011) and kept them."
    assert aside_at(text, 0, len(text), text.index("delivered")) == (text.index("("), text.index(")"))
    assert aside_at(text, 0, len(text), text.index("kept")) is None


def test_the_leads_undated_deal_happened_when_the_article_says_so(run):
    lead = ("Title: Oslo adds artillery\n\nNorway has placed a second batch of orders for K9 howitzers from South Korea, "
            "bringing its fleet to 28.")
    assert ("contract", "2024-06-12") in _e(run(lead, published="2024-06-12"))
    later = ("Norway's army is growing faster than at any time since the end of the Cold War, officials say. "
             "Norway has placed a second batch of orders for K9 howitzers from South Korea.")
    assert not any(t == "contract" for t, _ in _e(run(later, published="2024-06-12")))


@pytest.mark.parametrize("second", ["The contract was signed on Tuesday in Warsaw.",
                                    "The signing ceremony for the deal was held on Tuesday at the defence fair."])
def test_the_deal_named_before_is_dated_where_the_text_says_it_was_signed(run, second):
    ex = run("Romania has ordered 54 K9 howitzers from South Korea. " + second, published="2023-06-09")
    contracts = [e for e in ex.events if e.type == "contract"]
    assert [(c.date.start, set(c.actors)) for c in contracts] == [("2023-06-06", {"South Korea", "Romania"})]


def test_the_deal_is_dated_by_its_signing_told_paragraphs_later(run):
    ex = run("Leonardo has won a tender to supply the Polish Navy with helicopters.\n\n"
             "The Italian company outbid firms from France and the U.S.\n\n"
             "Its crews will be trained in Italy next year.\n\n"
             "The signing ceremony for the contract was held on May 25 during an air show in Gdansk.",
             published="2023-05-27")
    contracts = [e for e in ex.events if e.type == "contract"]
    assert [(c.date.start, set(c.actors)) for c in contracts] == [("2023-05-25", {"Italy", "Poland"})]


def test_the_date_of_the_saying_gives_way_to_the_date_of_the_signing(run):
    ex = run("Hanwha Aerospace has won a tender to supply the Estonian army with six radars, the company said on "
             "Friday. The contract was signed on Tuesday in Tallinn.", published="2023-05-27")
    contracts = [e for e in ex.events if e.type == "contract"]
    assert [(c.date.start, set(c.actors)) for c in contracts] == [("2023-05-23", {"South Korea", "Estonia"})]


def test_a_definite_deal_without_a_signing_dates_nothing(run):
    ex = run("Romania is buying K9 howitzers from South Korea. The deal was discussed on Tuesday in Warsaw.",
             published="2023-06-09")
    assert not [e for e in ex.events if e.type == "contract"]


def test_earlier_orders_placed_date_a_contract_of_their_own(run):
    ex = run("Peru has ordered 12 more Kfir jets from Israel. Four firm orders were placed in May last year.",
             published="2023-08-10")
    dates = sorted(e.date.start for e in ex.events if e.type == "contract")
    assert dates == ["2022-05", "2023-08-10"]  # the article's news, and the earlier orders


def test_a_denial_reported_within_someones_quote_is_an_event_dated_by_the_quote(run):
    ex = run('"In March, Belarus publicly denied that it intended to send artillery shells to Russia," the spokesman '
             'John Kirby said on Wednesday.', published="2023-06-09")
    denials = [e for e in ex.events if e.type == "denial"]
    assert [(e.date.start, e.actors[:2]) for e in denials] == [("2023-03", ["Belarus", "Russia"])]
    assert [q.speaker for q in ex.quotes] == ["John Kirby"]  # the quote stays the spokesman's


def test_a_declared_intention_is_a_dated_statement_not_a_quote(run):
    ex = run("In April, Ghana reaffirmed its intention to buy four K-8 jets from China.", published="2022-12-23")
    assert [(e.type, e.date.start, e.actors[0]) for e in ex.events] == [("statement", "2022-04", "Ghana")]
    assert not ex.quotes
    assert {(t.supplier, t.recipient, t.status) for t in ex.transfers} == {("China", "Ghana", "planned")}


def test_a_decision_to_buy_is_a_plan(run):
    ex = run("In April, Ghana announced its decision to buy four K-8 jets from China.", published="2022-12-23")
    assert {(t.supplier, t.recipient, t.status) for t in ex.transfers} == {("China", "Ghana", "planned")}
    assert not [e for e in ex.events if e.type == "delivery"]


def test_expressed_concern_and_dismissed_allegations_are_statements_of_their_kind(run):
    ex = run("On Tuesday, Kenya's foreign minister expressed concern about rifles being supplied to Somalia. "
             "On Wednesday, Somalia dismissed the allegations as baseless.", published="2024-09-26")
    got = {(e.type, e.date.start, e.actors[0]) for e in ex.events}
    assert got == {("statement", "2024-09-24", "Kenya"), ("denial", "2024-09-25", "Somalia")}
    assert not ex.quotes


def test_support_for_a_deal_signs_nothing_and_a_dateline_is_no_party(run):
    ex = run("NAIROBI: Egypt's foreign minister on Monday expressed support for the deal with Somalia.",
             published="2024-09-25")
    assert not [e for e in ex.events if e.type == "contract"]
    assert all("Kenya" not in e.actors for e in ex.events)


def test_an_agreement_to_buy_arms_is_the_contract_not_an_accord(run):
    ex = run("Romania signed an agreement with Norway in 2022 to buy 32 second-hand F-16 jets.", published="2024-03-15")
    assert [(e.type, set(e.actors)) for e in ex.events] == [("contract", {"Romania", "Norway"})]
    ex = run("Armenia and Azerbaijan signed an agreement on Tuesday to end the fighting.", published="2024-03-15")
    assert "agreement" in {e.type for e in ex.events} and "contract" not in {e.type for e in ex.events}


def test_a_delivery_over_years_is_not_dated_by_the_article(run):
    ex = run("Qatar received 36 Rafale jets from France between 2019 and 2021.", published="2024-03-15")
    assert [t.period.start for t in ex.transfers] == ["2019"]
    assert not [e for e in ex.events if e.date and e.date.start == "2024-03-15"]


@pytest.mark.parametrize("text", ["France is the second-largest supplier of arms to Qatar, behind the United States.",
                                  "Turkey is Azerbaijan's main arms supplier."])
def test_a_supply_relationship_is_no_dated_delivery(run, text):
    ex = run(text, published="2024-03-15")
    assert ex.transfers and not [e for e in ex.events if e.type in ("delivery", "contract")]


@pytest.mark.parametrize("text, kind", [
    ("India unveiled a new long-range glide bomb at a ceremony in Delhi on Monday.", "display"),
    ("The French Navy deployed a frigate to the Red Sea on Tuesday.", "deployment"),
    ("Egypt and Greece held joint naval exercises in the Mediterranean in May.", "military exercise"),
    ("Russian troops shelled Kharkiv on Sunday.", "attack"),
    ("South Korea test-launched a new surface-to-air missile on Thursday.", "test"),
])
def test_more_kinds_of_happenings(run, kind, text):
    assert kind in {e.type for e in run(text, published="2024-06-14").events}


def test_a_states_accusation_is_an_accusation_event_not_a_quote(run):
    ex = run("On May 3, Kenya accused Uganda of arming the rebels in the north.", published="2024-06-01")
    assert not ex.quotes
    assert [(e.type, e.date.start, set(e.actors)) for e in ex.events if e.type == "accusation"] == [
        ("accusation", "2024-05-03", {"Kenya", "Uganda"})]
