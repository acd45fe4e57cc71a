"""Read the council's text of the 2022–2024 program into plain data for `load_program`."""

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

PROGRAM_2022_2024 = Path(__file__).resolve().parent / "data" / "program-2022-2024.txt"

# The passport is a two-column table pasted as text: a cell starts with a tab, and a
# cell of several lines continues on lines without one.
NAME = "Назва"
BASIS = "Дата, номер і назва документа про розробленні Програми"
DEVELOPERS = "Розробники Програми"
CO_DEVELOPERS = "Співрозробники Програми"
PARTICIPANTS = "Учасники Програми"
EXECUTOR = "Відповідальний виконавець"
TERM = "Строк виконання"
FUNDING = "Обсяги та джерела фінансування"
CONTROL = "Контроль за виконанням"
PASSPORT_LABELS = (
    NAME,
    BASIS,
    DEVELOPERS,
    CO_DEVELOPERS,
    PARTICIPANTS,
    EXECUTOR,
    TERM,
    FUNDING,
    CONTROL,
)

SECTION_TITLES = (
    "Вступ",
    "Визначення проблем, на розв’язання яких спрямована Програма",
    "Мета Програми",
    "Шляхи і способи розв’язання проблеми",
    "Обсяги та джерела фінансування",
    "Термін виконання Програми",
    "Очікувані результати",
)
DIRECTIONS_SECTION = 4
CATEGORIES_SECTION = 5
RESULTS_SECTION = 7

# The source text breaks off after "непередбачуваних" in item 33 of the directions
# ("...which arose from military action and other unforeseen"); the word "обставин"
# (circumstances) was added here to complete the phrase and is not in the council's text.
TRUNCATED_LINE = (
    "33. вирішення гуманітарних та соціальних потреб, які виникли внаслідок військових дій "
    "та інших непередбачуваних"
)
COMPLETION = " обставин"
COMPLETION_NOTE = (
    "Слово «обставин» додано під час внесення тексту Програми до системи: у тексті, "
    "ухваленому радою, пункт 33 обривається на слові «непередбачуваних»."
)

NUMBERED = re.compile(r"(\d+)\. (.+)")
LIST_PUNCTUATION = re.compile(r"[;.]$")
YEAR = re.compile(r"(\d{4}) р\.")
AMOUNT = re.compile(r"– (\d+,\d{2}) тис\.грн\.")
TERM_YEARS = re.compile(r"(\d{4})-(\d{4}) роки")


@dataclass(frozen=True)
class Passport:
    title: str
    basis_document: str
    developers: str
    co_developers: tuple[str, ...]
    participants: tuple[str, ...]
    responsible_executor: str
    term: str
    start_year: int
    end_year: int
    funding_source: str
    funding: dict[int, Decimal]  # year → hryvnias
    funding_total: Decimal  # hryvnias, as the passport states it
    control: str


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    text: str


@dataclass(frozen=True)
class ProgramText:
    passport: Passport
    preamble: str
    sections: tuple[Section, ...]
    directions: dict[int, str]
    spending_categories: dict[int, str]
    expected_results: dict[int, str]
    signatory_position: str
    signatory_name: str
    # number → what was added to a direction's text, for the documents' footnote.
    direction_notes: dict[int, str]


def read_program(path=PROGRAM_2022_2024):
    """Parse the program text stored at `path`."""
    return parse_program(Path(path).read_text(encoding="utf-8"))


def parse_program(text):
    lines = [line.rstrip() for line in text.splitlines()]
    completed = TRUNCATED_LINE in lines
    lines = [line + COMPLETION if line == TRUNCATED_LINE else line for line in lines]
    cells, body_start = _passport_cells(lines)
    body = lines[body_start:]
    signature = _last_non_blank(body)
    position, name = signature.split("\t")
    sections, preamble = _sections(body[1 : body.index(signature)])
    return ProgramText(
        passport=_passport(cells),
        preamble=preamble,
        sections=sections,
        directions=_numbered_items(sections[DIRECTIONS_SECTION - 1]),
        spending_categories=_numbered_items(sections[CATEGORIES_SECTION - 1]),
        expected_results=_numbered_items(sections[RESULTS_SECTION - 1]),
        signatory_position=_squeeze(position),
        signatory_name=_squeeze(name),
        direction_notes={33: COMPLETION_NOTE} if completed else {},
    )


def _squeeze(value):
    return " ".join(value.split())


def _passport_cells(lines):
    """Return the passport's cells by label, and where the program's body starts."""
    cells = {}
    current = None
    for index, line in enumerate(lines):
        # The body opens with the program's name as a plain line, not as a table cell.
        if cells.get(NAME) and line == cells[NAME][0]:
            return cells, index
        value = _squeeze(line)
        if value in PASSPORT_LABELS and value not in cells:
            current = cells[value] = []
        elif value and current is not None:
            current.append(value)
    raise ValueError("The program's body (its name as a heading) was not found.")


def _single_value(values):
    if len(values) != 1:
        raise ValueError(f"Expected one line, found {values!r}.")
    return values[0]


def _passport(cells):
    missing = [label for label in PASSPORT_LABELS if label not in cells]
    if missing:
        raise ValueError(f"The passport has no {missing!r}.")
    term = _single_value(cells[TERM])
    start_year, end_year = map(int, TERM_YEARS.fullmatch(term).groups())
    funding = cells[FUNDING]
    years = [int(m[1]) for m in map(YEAR.fullmatch, funding) if m]
    # The table gives amounts in thousands of hryvnias with a decimal comma.
    amounts = [Decimal(m[1].replace(",", ".")) * 1000 for m in map(AMOUNT.fullmatch, funding) if m]
    sources = [line for line in funding if line.startswith("з ")]
    # One amount per year, then the total ("Всього:").
    if len(amounts) != len(years) + 1 or len(sources) != 1:
        raise ValueError(f"Cannot read the funding cell {funding!r}.")
    return Passport(
        title=_single_value(cells[NAME]),
        basis_document=_single_value(cells[BASIS]),
        developers=_single_value(cells[DEVELOPERS]),
        co_developers=tuple(cells[CO_DEVELOPERS]),
        participants=tuple(cells[PARTICIPANTS]),
        responsible_executor=_single_value(cells[EXECUTOR]),
        term=term,
        start_year=start_year,
        end_year=end_year,
        funding_source=sources[0],
        funding=dict(zip(years, amounts[:-1], strict=True)),
        funding_total=amounts[-1],
        control=_single_value(cells[CONTROL]),
    )


def _last_non_blank(lines):
    return next(line for line in reversed(lines) if line)


def _sections(lines):
    """Split the body into the titled sections; return them and the text before the first."""
    titles = iter(SECTION_TITLES)
    expected = next(titles)
    preamble, sections = [], []
    current = preamble
    for line in lines:
        # Headings are stored without the colon "Очікувані результати:" carries.
        if expected is not None and line.removesuffix(":") == expected:
            current = []
            sections.append((expected, current))
            expected = next(titles, None)
        elif line:
            current.append(line)
    if expected is not None:
        raise ValueError(f"The section {expected!r} was not found.")
    return (
        tuple(
            Section(number=number, title=title, text="\n".join(text))
            for number, (title, text) in enumerate(sections, start=1)
        ),
        "\n".join(preamble),
    )


def _numbered_items(section):
    """Return a section's numbered list by number, without the list's ";" or "."."""
    items = {}
    for line in section.text.splitlines():
        match = NUMBERED.fullmatch(line)
        if match:
            items[int(match[1])] = LIST_PUNCTUATION.sub("", match[2])
    if list(items) != list(range(1, len(items) + 1)):
        raise ValueError(f"The list in {section.title!r} is not numbered 1, 2, 3…")
    return items
