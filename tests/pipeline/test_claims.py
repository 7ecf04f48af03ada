def test_denied_allegation_links_accuser_and_denier(run):
    ex = run("On June 3, Greece accused Turkey of sending drones over its islands. Turkish authorities later "
             "dismissed allegations that Turkey was violating Greek airspace.", published="2020-06")
    [c] = ex.claims
    assert c.asserted_by == ["Greece"] and c.disputed_by == ["Turkey"]
    assert c.claim.startswith("Turkey was violating Greek airspace")


def test_rejecting_a_proposal_is_not_a_factual_dispute(run):
    ex = run("Azerbaijan rejected the OSCE's calls for a ceasefire.")
    assert ex.claims == []
