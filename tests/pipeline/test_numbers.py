"""Money in any currency, percentages and counts, as the text writes them."""
import pytest

from armstrace.pipeline.numbers import money_in, percents_in


@pytest.mark.parametrize("text,value,currency", [
    ("a €1.9 billion order", 1.9e9, "EUR"), ("£250m", 250e6, "GBP"), ("W1.4tr", 1.4e12, "KRW"),
    ("₩800 billion", 800e9, "KRW"), ("a 2.1 trillion won deal", 2.1e12, "KRW"), ("₹3,100 crore", 31e9, "INR"),
    ("Rs 640 crore", 6.4e9, "INR"), ("₱4.2 billion", 4.2e9, "PHP"), ("900 million Mexican pesos", 900e6, "MXN"),
    ("NIS 2.4 billion", 2.4e9, "ILS"), ("610 million shekels", 610e6, "ILS"), ("7 billion lira", 7e9, "TRY"),
    ("₺2bn", 2e9, "TRY"), ("14 billion rubles", 14e9, "RUB"), ("US$318 million", 318e6, "USD"),
    ("$1.1-1.4 billion", 1.1e9, "USD"), ("75 million euros", 75e6, "EUR"), ("¥95 billion", 95e9, "JPY"),
    ("A$2.7 billion", 2.7e9, "AUD"), ("NT$8 billion", 8e9, "TWD"), ("3 billion yuan", 3e9, "CNY"),
])
def test_money_in_any_currency(text, value, currency):
    [a] = list(money_in(text))
    assert (a.value, a.currency) == (pytest.approx(value), currency)


@pytest.mark.parametrize("text", ["Poland in 2022 won the tender", "500-pound bombs", "1,000-pound glide bombs", "the W3 variant",
                                  "US troops numbered 900", "Rs. 5"])
def test_what_is_not_money(text):
    assert list(money_in(text)) == []


def test_us_dollars_are_never_a_country(run):
    ex = run("Chile bought Leopard tanks from Germany for US$227 million in 2019.")
    assert "United States" not in {e.name for e in ex.entities}
    [t] = ex.transfers
    assert (t.value.amount, t.value.currency) == (227e6, "USD")


def test_percentages_in_their_written_forms():
    assert [p.value for p in percents_in("rose 9.4%, then %31, then 34 per cent and 12 percent")] == [9.4, 31, 34, 12]
