"""The reporter's own wording that carries a side, counted outside quotations, in an article about that conflict."""


def _sides(ex):
    return {(f["term"], f["side"]) for f in ex.framing}


def test_a_sides_wording_outside_quotes_is_counted(run):
    ex = run("India said the strikes hit camps in Pakistan-occupied Kashmir. Pakistan rejected the claim. "
             "“This is Azad Kashmir,” a minister said.")
    assert _sides(ex) == {("pakistan-occupied kashmir", "Indian framing")}


def test_a_word_frames_only_in_an_article_about_its_conflict(run):
    ex = run("Chile ended the occupation of the building on Monday after students left.")
    assert ex.framing == []
    ex = run("Armenian troops left the districts after years of occupation, Azerbaijan said.")
    assert ("occupation", "Azerbaijani framing") in _sides(ex)
