import datetime

from django.utils import translation

from menaprogram.dates import month_and_year

MARCH = datetime.date(2024, 3, 1)


def test_a_month_is_a_common_noun_in_ukrainian():
    with translation.override("uk"):
        assert month_and_year(MARCH) == "березень 2024"


def test_a_month_keeps_its_capital_in_english():
    with translation.override("en"):
        assert month_and_year(MARCH) == "March 2024"
