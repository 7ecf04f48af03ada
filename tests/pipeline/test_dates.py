import pytest

from armstrace.pipeline.temporal import resolve


@pytest.mark.parametrize("text,doc_date,expected", [
    ("On April 9 the talks ended", "2016-04-12", ("2016-04-09", "2016-04-09")),
    ("On December 30 they met", "2017-01-05", ("2016-12-30", "2016-12-30")),
    ("It happened last week", "2016-11-21", ("2016-11-14", "2016-11-20")),
    ("Earlier this month the army moved", "2019-06-20", ("2019-06-01", "2019-06-20")),
    ("in mid-July 2020 fighting flared", "2021-04", ("2020-07", "2020-07")),
    ("the war of last autumn", "2021-04", ("2020-09", "2020-11")),
    ("over the past decade", "2016-11-21", ("2006", "2016")),
    ("Over the past five years", "2016-04", ("2011", "2016")),
    ("Between 2013 and 2017 its share grew", "2018-03", ("2013", "2017")),
    ("Since 2016, Moscow has mediated", "2018-03", ("2016", "2018")),
    ("in the late 1980s", "2016-04", ("1987", "1989")),
    ("in November last year", "2021-04", ("2020-11", "2020-11")),
    ("(September 27 – November 10, 2020)", "2021-04", ("2020-09-27", "2020-11-10")),
    ("On April 7-8, the minister travelled", "2016-04", ("2016-04-07", "2016-04-08")),
    ("said on Friday", "2021-04-03", ("2021-04-02", "2021-04-02")),
    ("The 1997 friendship treaty", "2016-04", ("1997", "1997")),
])
def test_resolves_against_the_article_date(text, doc_date, expected):
    refs = resolve(text, doc_date)
    assert refs, text
    assert (refs[0].period.start, refs[0].period.end) == expected


def test_relative_dates_need_an_article_date():
    assert resolve("It happened last week", None) == []
    assert [(r.period.start) for r in resolve("It happened in 2014", None)] == ["2014"]


def test_offsets_are_shifted_into_the_document():
    [r] = resolve("x on May 5, 2019", None, offset=100)
    assert (r.start, r.end, r.text) == (105, 116, "May 5, 2019")
