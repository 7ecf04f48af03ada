"""The speed benchmark runs and reports what it promises (it measures; nothing here asserts a speed)."""
from armstrace.model import Document, content_id


def _doc(text: str) -> Document:
    return Document(id=content_id(text), text=text, source_path="bench.txt")


def test_the_speed_benchmark_tells_the_ratio_both_ways():
    from benchmarks.bench import speed

    docs = [_doc("Freedonia delivered twelve howitzers to Ruritania in March, its defence ministry said."),
            _doc("The navy of Ruritania ordered two corvettes from a Freedonian yard last year.")]
    result = speed(docs, rounds=1)
    assert result["documents"] == 2 and result["words"] == 25
    assert result["armstrace_words_per_s"] > 0 and result["spacy_words_per_s"] > 0
    assert result["ratio"] > 0 and result["ratio_same_blas"] > 0
