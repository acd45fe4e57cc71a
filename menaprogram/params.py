"""Reading ids and years typed into URLs: ASCII digits only, of a sensible length.

`str.isdigit()` accepts `²` and `٣`, which `int()` then refuses or reads as a number nobody
typed; every page reads its numbers here instead.
"""

import re

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def whole_number(text):
    """`text` as an int if it is one to nine ASCII digits, else None."""
    text = text if isinstance(text, str) else ""
    return int(text) if WHOLE_NUMBER.fullmatch(text) else None
