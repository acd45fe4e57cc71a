"""Ukrainian as official documents need it: alphabetical order and a program's name in the genitive.

The database sorts names with ICU's Ukrainian collation (`uk-x-icu` on the name columns); this
module is the same order for the lists put together in Python, and the one grammatical form
the documents derive from a stored name.
"""

import re

ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Apostrophes are ignored in sorting, as dictionaries do (м'ята between мята and мя...).
_IGNORED = "'’ʼ`"


def sort_key(text):
    """A key that orders Ukrainian words as the alphabet does: Г, Ґ, Д, Е, Є … И, І, Ї, Й.

    Python's default order follows code points, which puts Є, І, Ї and Ґ before А. Letters
    outside the alphabet (Latin names, digits) sort after it by code point; case is ignored
    first and used only to break ties.
    """
    folded = [char for char in str(text).casefold() if char not in _IGNORED]
    primary = tuple((0, _RANK[char]) if char in _RANK else (1, ord(char)) for char in folded)
    return primary, str(text)


# An adjective in the feminine nominative before «програма»: «Комплексна», «Цільова»,
# «Середньострокова», «Міська»; soft-stem «-ня» (Середня) takes «-ньої».
_ADJECTIVE = re.compile(r"^(\w+?)(н|ьк|ськ|цьк|зьк|в|л|р|т|д|ч|ж|ш|щ|к|г|х|з|с|м|п|б)а$")
_SOFT_ADJECTIVE = re.compile(r"^(\w+?)ня$")
_PROGRAM = re.compile(r"^([Пп])рограма$")


def genitive_of_title(title):
    """The title of a program in the genitive: «Програма розвитку …» → «Програми розвитку …».

    The heading of a passport («ПАСПОРТ Програми …») and of a report («про виконання
    Програми …») need it. Only the head phrase declines: the adjectives before the word
    «програма» and the word itself; what follows it («розвитку …», «на 2022-2024 роки»)
    is already in its own case. A title that does not have «програма» near its start is
    returned as it is, since guessing another noun's declension would print a wrong word.
    """
    words = title.split(" ")
    for index, word in enumerate(words[:4]):
        program = _PROGRAM.match(word)
        if not program:
            continue
        head = [_adjective_genitive(adjective) for adjective in words[:index]]
        if None in head:
            return title
        return " ".join([*head, f"{program.group(1)}рограми", *words[index + 1 :]])
    return title


def _adjective_genitive(word):
    if soft := _SOFT_ADJECTIVE.match(word):
        return f"{soft.group(1)}ньої"
    if hard := _ADJECTIVE.match(word):
        return f"{hard.group(1)}{hard.group(2)}ої"
    return None
