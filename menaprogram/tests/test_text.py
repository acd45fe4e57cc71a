"""The text rules: names that look the same are one name; digits other than 0–9 are noticed."""

import pytest

from menaprogram.text import has_foreign_digits, normalized_name, shortened


@pytest.mark.parametrize(
    "typed",
    [
        "Гміна Тарнув",
        "Гміна\u200b Тарнув",  # zero-width space
        "Гмі\u200dна Тар\u200cнув",  # zero-width joiner and non-joiner
        "\ufeffГміна Тарнув\u200e",  # byte-order mark, left-to-right mark
        "\u202bГміна Тарнув\u202c",  # right-to-left embedding … pop
        "Гміна\u00a0Тарнув",  # no-break space
        "Гміна\u3000\u3000Тарнув",  # ideographic spaces
        "  Гміна \t\n Тарнув  ",
        "Гмі\u00adна Тарнув",  # soft hyphen
    ],
)
def test_invisible_marks_and_odd_spaces_make_no_other_name(typed):
    assert normalized_name(typed) == "Гміна Тарнув"


def test_a_zero_width_space_is_removed_not_made_a_gap():
    # On screen `Місто<ZWSP>Ловеч` reads МістоЛовеч, so that is the name it is.
    assert normalized_name("Місто\u200bЛовеч") == "МістоЛовеч"


def test_compatibility_forms_become_their_plain_letters():
    assert normalized_name("Stadt ﬁrma") == "Stadt firma"
    assert normalized_name("Ｍｅｎａ") == "Mena"


def test_letters_of_any_script_are_kept():
    assert normalized_name("Łódź Ελλάδα 東京 Ловеч") == "Łódź Ελλάδα 東京 Ловеч"


@pytest.mark.parametrize("text", ["٣٠٠", "१२", "３", "1²", "Ⅻ", "½", "١٢٫٥"])
def test_digits_of_other_scripts_are_foreign(text):
    assert has_foreign_digits(text)


@pytest.mark.parametrize("text", ["1 234,56", "1234.56", "-0,5", "", "грн"])
def test_ascii_digits_are_not(text):
    assert not has_foreign_digits(text)


def test_a_shortened_text_ends_between_words():
    text = "Організація прийому делегацій з партнерських громад"
    assert shortened(text, 40) == "Організація прийому делегацій з…"
    assert len(shortened(text, 40)) <= 40


def test_a_short_text_is_left_whole_and_a_long_word_alone_is_cut():
    assert shortened("  Мена  ", 10) == "Мена"
    assert shortened("Тарнувськаміськарада", 10) == "Тарнувськ…"
