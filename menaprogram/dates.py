"""Dates as each language writes them in running text."""

from django.utils import dateformat
from django.utils.translation import get_language


def month_and_year(day):
    """«березень 2024» in Ukrainian (a month's name is a common noun), «March 2024» in English."""
    text = dateformat.format(day, "F Y")
    return text.lower() if (get_language() or "uk").startswith("uk") else text
