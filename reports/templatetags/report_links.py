"""Links from a figure to the list of rows behind it (events, expenses, publications,
agreements: lists of the other apps). A list name that does not resolve leaves the figure as
plain text.
"""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def list_url(name, **params):
    """The URL `name` with `params` as its query (empty values left out), or "" if unknown."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    query = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


@register.simple_tag
def figure(text, name, **params):
    """`text` as a link to the list `name` filtered by `params`, or as plain text."""
    url = list_url(name, **params)
    if not url:
        return conditional_escape(text)
    return format_html('<a href="{}">{}</a>', url, text)
