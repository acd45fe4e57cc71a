"""Numbers typed into URLs: only plain ASCII digits count."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from menaprogram.params import whole_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023", 2023), ("0", 0), ("007", 7), ("123456789", 123456789)],
)
def test_ascii_digits_are_a_whole_number(text, expected):
    assert whole_number(text) == expected


@pytest.mark.parametrize(
    "text", ["", "²", "٢٠٢٣", "２０２３", "1e3", "-1", " 1", "1\x00", "1" * 10, None, 12]
)
def test_anything_else_is_none(text):
    assert whole_number(text) is None


@given(st.text())
def test_any_text_is_read_or_refused_without_an_error(text):
    value = whole_number(text)
    assert value is None or str(value) == text.lstrip("0") or value == 0
