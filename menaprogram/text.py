"""Text as people mean it: one spelling for look-alike names, ASCII digits in numbers."""

import unicodedata

from django.db import models


def normalized_name(text):
    """`text` in NFKC, without invisible format marks, with single spaces and no ends.

    Names arrive pasted from letters and web pages with zero-width spaces and joiners,
    direction marks and byte-order marks (Unicode's category Cf), no-break or fullwidth
    spaces and compatibility forms (`ﬁ`, fullwidth Latin). None of them shows on screen, so
    two names differing only by them would be two partners nobody can tell apart. A format
    mark is removed, not made a space: a zero-width space shows as nothing, not as a gap.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return " ".join(text.split())


class NameField(models.CharField):
    """A name that identifies something: stored and looked up as `normalized_name` makes it.

    `to_python` runs in the model's `full_clean` (forms, the admin, imports) and, for a
    CharField, when a value is saved or an exact lookup is made, so a look-alike name
    neither gets in nor escapes the unique checks.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return normalized_name(value) if isinstance(value, str) else value

    def deconstruct(self):
        # The column is a plain varchar: migrations need not know this class.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


def has_foreign_digits(text):
    """Whether `text` holds a digit or number sign other than ASCII 0–9.

    Python's Decimal and int read Arabic-Indic `٣`, Devanagari `३` or fullwidth `３` as 3:
    an amount typed in another script would be taken silently for a number nobody checked.
    """
    return any(char.isnumeric() and not "0" <= char <= "9" for char in str(text))


def shortened(text, width):
    """`text` in at most `width` characters, cut between words and ended with «…».

    Django's `truncatechars` cuts inside a word («Організація прийому делегацій з пар…»);
    a word longer than the whole width is the only one cut.
    """
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:—–-") + "…"
