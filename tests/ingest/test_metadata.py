"""Metadata recovery on each layout we meet, including fixtures shaped like the five seed articles."""
from datetime import date

from armstrace.metadata import date_from_url, infer_date, recover_metadata

TODAY = date(2026, 11, 23)

MARKDOWN_WITH_BYLINE_AND_URL = """

# Tanks Change Hands in the Caucasus

**A deal nobody in the region wanted to talk about.**

By [Jane Q. Writer](#)

March 3, 2019



A photo caption. **Somebody / Agency**

The body of the article speaks of events in January and of a deal done last year.

Original url:

<https://www.themoscowtimes.com/2019/03/03/tanks-change-hands-a1234>"""

PUBLICATION_LINE = """Export Credits as Diplomacy in the South Caucasus
Publication: Eurasia Daily Monitor Volume: 12 Issue: 9
By:
During a visit to Baku, an official said something (Interfax, June 2). Another source is cited here (Sipri.org, May 2015). Older history goes back to (Kommersant, October 9, 2014).
"""

REPEATED_TITLE_INTERVIEW = """Georgia Watches the Pipeline Nervously

Tbilisi's strategists are worried.

Georgia Watches the Pipeline Nervously

Tbilisi's strategists are worried.

An analyst told IWPR that the pipeline was at risk. A second expert told IWPR the same.
"""

DATELINE_AND_BIO = """TBILISI–As the government moved to settle its budget, a row broke out over arms purchases worth millions. Officials said so on June 4, and again on June 9.

In March 2017 the parliament approved a plan. Nothing followed in 1999 or 2005.

Nino Beridze is a Tbilisi-based freelance journalist covering defence.
"""

NO_TITLE_RANGE = """The First Border War (October 2 – December 14, 2019) between two states lasted ten weeks, and much followed. On February 20, a ministry spoke; on March 8, another replied.
"""


def test_markdown_heading_byline_date_line_and_footer_url():
    md = recover_metadata(MARKDOWN_WITH_BYLINE_AND_URL, today=TODAY)
    assert md.title == "Tanks Change Hands in the Caucasus"
    assert md.author == "Jane Q. Writer"
    assert (md.published, md.published_how) == ("2019-03-03", "explicit")
    assert md.url == "https://www.themoscowtimes.com/2019/03/03/tanks-change-hands-a1234"
    assert md.outlet == "The Moscow Times"


def test_publication_line_gives_outlet_and_empty_byline_gives_no_author():
    md = recover_metadata(PUBLICATION_LINE, today=TODAY)
    assert md.title == "Export Credits as Diplomacy in the South Caucasus"
    assert md.outlet == "Eurasia Daily Monitor"
    assert md.author is None
    # latest dated reference: May 2015; the undated 'June 2' takes that year → June 2015
    assert (md.published, md.published_how) == ("2015-06", "inferred")


def test_repeated_title_and_interview_outlet():
    md = recover_metadata(REPEATED_TITLE_INTERVIEW, today=TODAY)
    assert md.title == "Georgia Watches the Pipeline Nervously"
    assert md.outlet == "Institute for War and Peace Reporting"
    assert md.published is None and md.published_how == "unknown"


def test_dateline_article_has_derived_title_and_author_from_bio():
    md = recover_metadata(DATELINE_AND_BIO, today=TODAY)
    assert md.title_how == "derived" and md.title.startswith("TBILISI–As the government")
    assert md.author == "Nino Beridze"
    assert (md.published, md.published_how) == ("2017-06", "inferred")


def test_range_start_takes_the_year_of_its_end():
    assert infer_date(NO_TITLE_RANGE, today=TODAY) == "2019-12"


def test_inference_ignores_dates_after_today():
    assert infer_date("Deliveries are due in May 2031. The talks were in March 2020.", today=TODAY) == "2020-03"


def test_dateline_with_date_is_explicit():
    md = recover_metadata("Radars for Export\n\nNEW DELHI, March 2, 2020 — India will supply radars.\n", today=TODAY)
    assert (md.published, md.published_how) == ("2020-03-02", "explicit")


def test_labelled_header_lines():
    text = "Title: A Labelled Story\nAuthor: Sam Smith\nDate: 2018-07-04\nURL: https://example.com/a\n\nBody text."
    md = recover_metadata(text, today=TODAY)
    assert (md.title, md.author, md.published, md.url) == ("A Labelled Story", "Sam Smith", "2018-07-04",
                                                           "https://example.com/a")


def test_date_from_url():
    assert date_from_url("https://www.reuters.com/world/2020/10/05/story-id") == "2020-10-05"
    assert date_from_url("https://example.com/2019/07/some-story") == "2019-07"
    assert date_from_url("https://example.com/story-2019") is None


def test_url_date_used_when_text_has_none():
    md = recover_metadata("Headline Here\n\nBody without dates.\n\nSource: https://www.bbc.com/news/2021/02/11/x",
                          today=TODAY)
    assert (md.published, md.published_how, md.outlet) == ("2021-02-11", "url", "BBC")
