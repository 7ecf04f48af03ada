def test_denied_allegation_links_accuser_and_denier(run):
    ex = run("On June 3, Greece accused Turkey of sending drones over its islands. Turkish authorities later "
             "dismissed allegations that Turkey was violating Greek airspace.", published="2020-06")
    [c] = ex.claims
    assert c.asserted_by == ["Greece"] and c.disputed_by == ["Turkey"]
    assert c.claim.startswith("Turkey was violating Greek airspace")


def test_rejecting_a_proposal_is_not_a_factual_dispute(run):
    ex = run("Azerbaijan rejected the OSCE's calls for a ceasefire.")
    assert ex.claims == []


def test_a_ministry_denying_another_sides_claims(run):
    ex = run("Azerbaijan's defence ministry denied Armenian claims that it had used drones against a bus.")
    [c] = ex.claims
    assert (c.asserted_by, c.disputed_by, c.claim) == (["Armenia"], ["Azerbaijan"],
                                                       "it had used drones against a bus")


def test_a_claim_two_sides_rejected(run):
    ex = run("Armenia said on October 15 that one of its jets had been shot down by a Turkish F-16, a claim both "
             "Ankara and Baku rejected as false.", published="2020-10-20")
    [c] = ex.claims
    assert (c.asserted_by, c.disputed_by) == (["Armenia"], ["Turkey", "Azerbaijan"])
    assert c.claim == "one of its jets had been shot down by a Turkish F-16"


def test_denying_the_accusation_of_the_previous_sentence(run):
    ex = run("Ankara has been accused of sending mercenaries to the front. Turkey denied the accusation.")
    [c] = ex.claims
    assert c.disputed_by == ["Turkey"] and c.claim == "Ankara has been accused of sending mercenaries to the front."


def test_a_recanted_statement_has_its_author_on_both_sides(run):
    ex = run("Prime Minister Nikol Pashinyan said the missiles failed. Later Pashinyan recanted his statement "
             "saying he had been misinformed about the missiles.")
    [c] = ex.claims
    assert c.asserted_by == c.disputed_by == ["Nikol Pashinyan"]
