from armstrace.pipeline.sentences import split_sentences


def test_splits_on_sentence_ends_and_lines_but_not_abbreviations():
    text = ("Headline Without Period\nOn Nov. 17 the U.S. envoy met Gen. Smith. He left on Friday! "
            "“Was it worth it?” she asked. Jane Q. Writer reported it.")
    assert [s.text for s in split_sentences(text)] == [
        "Headline Without Period", "On Nov. 17 the U.S. envoy met Gen. Smith.", "He left on Friday!",
        "“Was it worth it?” she asked.", "Jane Q. Writer reported it."]


def test_offsets_point_into_the_text():
    text = "First one.  Second one.\n\nThird."
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
