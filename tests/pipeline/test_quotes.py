import pytest


def _q(ex):
    return [(q.speaker, q.direct, q.text) for q in ex.quotes]


def test_direct_quote_with_says_name_and_role(run):
    ex = run("“The border will stay quiet for now,” says Nino Beridze, the security editor at Tbilisi Daily.")
    [q] = ex.quotes
    assert (q.speaker, q.direct, q.text) == ("Nino Beridze", True, "The border will stay quiet for now,")
    assert q.role == "the security editor at Tbilisi Daily"


def test_quote_interrupted_by_he_said_is_one_quote(run):
    ex = run("Omar Haddad, a defence analyst in Amman, was blunt. “The deal is done,” he said, “and nobody can "
             "undo it now.”")
    [q] = ex.quotes
    assert q.speaker == "Omar Haddad" and q.text == "The deal is done, ... and nobody can undo it now."


def test_next_quote_of_a_paragraph_keeps_its_speaker(run):
    ex = run("“Prices have tripled since the war began,” Lieutenant General Piotr Nowak told reporters on Monday. "
             "“We cannot wait for the factories to catch up.”")
    assert [q.speaker for q in ex.quotes] == ["Piotr Nowak", "Piotr Nowak"]


def test_indirect_quotes_and_surnames_resolve_to_full_names(run):
    ex = run("Finnish Defence Minister Antti Kaikkonen said the purchase would be completed this year. "
             "Kaikkonen also said that the first aircraft would arrive in 2026.")
    assert [(s, d) for s, d, _ in _q(ex)] == [("Antti Kaikkonen", False), ("Antti Kaikkonen", False)]
    assert ex.quotes[1].text == "the first aircraft would arrive in 2026"


def test_pronoun_speaker_and_scare_quotes(run):
    ex = run("Marta Kowalski studied the program. She said the so-called “strategic partnership” was empty. "
             "“Nobody in Warsaw believes in it any more,” she said.")
    assert ("Marta Kowalski", True, "Nobody in Warsaw believes in it any more,") in _q(ex)
    assert not any(t == "strategic partnership" for _, _, t in _q(ex))


def test_quote_speaker_not_the_person_whose_office_spoke(run):
    ex = run("President Emmanuel Macron’s spokesman said the sale would go ahead.")
    assert ex.quotes == []


def test_according_to_someone_who_also_said_gives_two_statements_neither_across_the_other(run):
    ex = run("Kenya received its first Bayraktar TB2 in May, according to General Ali Hassan, who confirmed in an "
             "interview this week that the aircraft were already flying patrols.")
    assert [(q.speaker, q.text) for q in ex.quotes] == [
        ("Ali Hassan", "Kenya received its first Bayraktar TB2 in May"),
        ("Ali Hassan", "the aircraft were already flying patrols")]


def test_a_reported_clause_opening_the_article_leaves_its_dateline_out(run):
    ex = run("LIMA, June 4, 2021 — Peru will buy six Korean KT-1 trainers under a new contract, defence officials "
             "said on Friday.")
    [q] = ex.quotes
    assert q.text == "Peru will buy six Korean KT-1 trainers under a new contract"


def test_an_appositive_speaker_the_parser_detaches_from_the_verb(run):
    ex = run("During a visit to Tbilisi, the head of the defence committee of the Polish Sejm, Marek Nowicki, stated "
             "that Polish arms exports to Georgia are governed by agreements signed in 2019.")
    assert [(q.speaker, q.direct) for q in ex.quotes] == [("Marek Nowicki", False)]


def test_a_quote_of_several_sentences_attributed_in_the_next_one(run):
    ex = run("Marek Nowicki spoke in Warsaw. “He says we fired that rocket. The ministry said they did not. What "
             "does that mean?” Nowicki asked at a forum in Warsaw.")
    [q] = ex.quotes
    assert (q.speaker, q.direct) == ("Marek Nowicki", True) and q.text.endswith("What does that mean?")
    assert ("Warsaw", "place") in {(e.name, e.type) for e in ex.entities}  # where he spoke, not Poland acting


def test_words_of_unnamed_groups_are_no_quotes_but_still_dated_statements(run):
    ex = run("Local media reported in March that work on Chile's new frigate had stopped. Critics said the plan "
             "had failed. Defence officials said the frigate would be finished in 2027.", published="2023-05-02")
    assert [q.speaker for q in ex.quotes] == ["Defence officials"]
    assert any(e.type == "statement" and e.date.start == "2023-03" and "Chile" in e.actors for e in ex.events)


def test_two_quoted_sentences_with_their_own_attributions_stay_two(run):
    ex = run("Kenya's President William Ruto spoke on Monday. He warned against the plan, stating “The army does not "
             "need new tanks.” “But if we are talking about real security, is it worth doing it?”, he rhetorically "
             "asked.")
    assert [(q.speaker, q.text) for q in ex.quotes] == [
        ("William Ruto", "The army does not need new tanks."),
        ("William Ruto", "But if we are talking about real security, is it worth doing it?")]


def test_made_it_clear_that_reports_speech(run):
    ex = run("Kenya's President William Ruto made it clear that the border dispute could only be settled after the "
             "withdrawal of foreign troops.")
    assert [(q.speaker, q.direct) for q in ex.quotes] == [("William Ruto", False)]


def test_the_next_paragraphs_statement_is_no_attribution_of_a_quote(run):
    ex = run("“We asked for help,” said Ana Lima, a lawyer in Lisbon. “Nobody answered us for a year.”\n\n"
             "Pedro Costa noted that the treaty was never tested.")
    assert [q.speaker for q in ex.quotes if q.direct] == ["Ana Lima", "Ana Lima"]


def test_who_after_a_name_the_parser_hangs_elsewhere_is_that_person(run):
    ex = run("Nairobi disputed the explanation by Uganda's Defence Minister Jacob Oboth who unconvincingly noted that "
             "the trucks actually carried food for the camps.")
    assert [(q.speaker, q.text) for q in ex.quotes] == [("Jacob Oboth", "the trucks actually carried food for the camps")]


def test_a_persons_accusation_or_admission_is_a_statement_a_states_is_not(run):
    ex = run("On May 3, Kenya's President William Ruto accused Uganda of arming the rebels in the north. Later, "
             "Uganda accused Kenya of hosting the rebels' leaders.")
    assert [(q.speaker, q.text) for q in ex.quotes] == [
        ("William Ruto", "accused Uganda of arming the rebels in the north")]


def test_a_states_institution_named_by_its_demonym_is_a_speaker(run):
    ex = run("The Japanese government said that it will provide patrol boats to Vietnam. Local analysts said "
             "the boats would be old.")
    assert [(q.speaker, q.text) for q in ex.quotes] == [("Japanese government",
                                                         "it will provide patrol boats to Vietnam")]


@pytest.mark.parametrize("noun", ["company", "manufacturer", "shipyard"])
def test_the_firm_that_speaks_is_the_firm_named_not_the_army_it_supplies(run, noun):
    ex = run(f"Navantia will supply the Peruvian navy with two frigates, the {noun} said on Friday.")
    assert [q.speaker for q in ex.quotes] == ["Navantia"]


def test_a_ministry_that_speaks_is_never_the_firm_named_before_it(run):
    ex = run("Uzbekistan will buy four Airbus C295 transport aircraft, the defence ministry announced.")
    assert "Airbus" not in {q.speaker for q in ex.quotes}


def test_the_time_of_saying_is_not_part_of_what_was_said(run):
    ex = run("Defence Minister Pal Jonson said on Tuesday it would send two more radar planes to Ukraine.",
             published="2024-05-30")
    assert [(q.speaker, q.text) for q in ex.quotes] == [
        ("Pal Jonson", "it would send two more radar planes to Ukraine")]


def test_according_to_a_report_or_data_is_a_finding_not_a_quote(run):
    ex = run("Norway is now the world's 12th largest arms exporter, according to a new report by the Oslo Defence "
             "Institute. According to Defence Minister Kari Berg, the ranking is no surprise.", published="2024-03-11")
    assert [q.speaker for q in ex.quotes] == ["Kari Berg"]
    assert ("finding", "2024-03-11") in {(e.type, e.date.start if e.date else None) for e in ex.events}


def test_an_attribution_after_the_clause_with_its_own_date_is_still_an_attribution(run):
    ex = run("Norway will donate six more NASAMS launchers to Ukraine, Defence Minister Bjorn Arild Gram said on "
             "Tuesday.", published="2024-02-15")
    assert [(q.speaker, q.text) for q in ex.quotes] == [
        ("Bjorn Arild Gram", "Norway will donate six more NASAMS launchers to Ukraine")]


def test_a_headline_that_says_who_says_is_no_quote(run):
    ex = run("Title: Norway donates six more NASAMS launchers, minister says\n\n"
             "Defence Minister Bjorn Arild Gram said Norway would donate six more NASAMS launchers to Ukraine.")
    assert [q.text for q in ex.quotes] == ["Norway would donate six more NASAMS launchers to Ukraine"]


def test_the_report_is_the_institute_the_article_reports_on(run):
    ex = run("The Stockholm International Peace Research Institute (SIPRI) revealed on Monday that Asian arms "
             "imports rose by 12 per cent. NATO members also bought more. The report also shows that demand "
             "for air defence systems is rising across Europe.", published="2024-03-11")
    assert {q.speaker for q in ex.quotes} == {"SIPRI"}
