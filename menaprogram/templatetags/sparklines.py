"""`{{ events_by_year|sparkline:title }}`: a partner's activity per year as a small SVG."""

from django import template

from menaprogram.sparkline import sparkline as draw

register = template.Library()


@register.filter
def sparkline(by_year, title):
    """(year, count) pairs drawn left to right; `title` says what they count."""
    return draw([count for _year, count in by_year], title=title)
