"""A program's structure as one table (CSV or XLSX): its export, and its import, all or nothing.

One row per item, the column «Частина» saying which part of the program the row belongs to:
the passport (a field per row), sections of the text, directions, expected results, spending
categories, indicators with their yearly targets, and the funding per year and source. A clerk
edits one sheet; the export writes exactly what the import reads, so a program exported and
imported back is unchanged. The import finds the program by its title: a new title makes a new
program (a draft), a known one is updated item by item (by number; an indicator by its name,
its target by name and year; funding by year and source). Nothing is deleted: an item missing
from the file stays as it is.
Budget holds it because the structure includes the spending categories and the funding.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import (
    Department,
    Direction,
    ExpectedResult,
    Indicator,
    IndicatorValue,
    Program,
    ProgramSection,
)
from budget.models import FundingSource, ProgramFunding, SpendingCategory
from menaprogram.importer.reading import ImportRefused, normal, read_table

PART = "Частина"
NUMBER = "Номер"
NAME = "Назва"
TEXT = "Текст"
NOTE = "Примітка редакції"
KEKV = "КЕКВ"
KIND = "Вид показника"
UNIT = "Одиниця"
RESULT = "Очікуваний результат"
DIRECTION = "Напрям"
YEAR = "Рік"
SOURCE = "Джерело фінансування"
AMOUNT = "Сума, грн"
# An indicator's target for a year (the actuals are entered year by year, not planned here).
TARGET_VALUE = "Цільове значення"
COLUMNS = [
    PART,
    NUMBER,
    NAME,
    TEXT,
    NOTE,
    KEKV,
    KIND,
    UNIT,
    RESULT,
    DIRECTION,
    YEAR,
    SOURCE,
    AMOUNT,
    TARGET_VALUE,
]

PASSPORT, SECTION, DIRECTIONS, RESULTS, CATEGORY, INDICATOR, TARGET, FUNDING = (
    "Паспорт",
    "Розділ",
    "Напрям",
    "Очікуваний результат",
    "Категорія видатків",
    "Показник",
    "Ціль показника",
    "Фінансування",
)
PARTS = [PASSPORT, SECTION, DIRECTIONS, RESULTS, CATEGORY, INDICATOR, TARGET, FUNDING]

# The passport, a field per row: «Назва» names the field, «Текст» holds its value.
PASSPORT_FIELDS = [
    ("Назва програми", "title"),
    ("Коротка назва", "short_title"),
    ("Перший рік", "start_year"),
    ("Останній рік", "end_year"),
    ("Документ, на підставі якого розроблено програму", "basis_document"),
    ("Розробник", "developers"),
    ("Співрозробники", "co_developers"),
    ("Учасники", "participants"),
    ("Відповідальний виконавець", "responsible_executor"),
    ("Контроль за виконанням", "control"),
    ("Посада підписанта", "signatory_position"),
    ("Підписант", "signatory_name"),
    ("Рішення про затвердження: назва", "decision_title"),
    ("Рішення про затвердження: номер", "decision_number"),
    ("Рішення про затвердження: дата", "decision_date"),
    ("Рішення про затвердження: сесія", "decision_session"),
    ("Рішення про затвердження: скликання", "decision_convocation"),
    ("Відхилення, що потребує пояснення, %", "deviation_threshold"),
]
INDICATOR_KINDS = {
    "затрат": Indicator.Kind.INPUT,
    "продукту": Indicator.Kind.OUTPUT,
    "ефективності": Indicator.Kind.EFFICIENCY,
    "якості": Indicator.Kind.QUALITY,
}
KIND_NAMES = {kind: name for name, kind in INDICATOR_KINDS.items()}


class _Columns:
    """What the importer's reader needs to know of a kind: its columns."""

    columns = COLUMNS
    required = (PART,)


# Export ------------------------------------------------------------------------------------


def export_dataset(program):
    """The program's structure as the table the import reads."""
    data = tablib.Dataset(headers=COLUMNS, title="Структура програми")

    def row(part, **cells):
        data.append([part if c == PART else cells.get(c, "") for c in COLUMNS])

    for label, name in PASSPORT_FIELDS:
        row(PASSPORT, **{NAME: label, TEXT: _passport_value(program, name)})
    for section in program.sections.order_by("number"):
        row(SECTION, **{NUMBER: section.number, NAME: section.title, TEXT: section.text})
    for part, items in ((DIRECTIONS, program.directions), (RESULTS, program.expected_results)):
        for item in items.order_by("number"):
            row(part, **{NUMBER: item.number, TEXT: item.text, NOTE: item.editorial_note})
    for category in program.categories.order_by("number"):
        row(CATEGORY, **{NUMBER: category.number, NAME: category.name, KEKV: category.kekv})
    indicators = list(
        program.indicators.select_related("expected_result", "direction")
        .prefetch_related("values")
        .order_by("kind", "name")
    )
    for indicator in indicators:
        row(
            INDICATOR,
            **{
                NAME: indicator.name,
                KIND: KIND_NAMES[indicator.kind],
                UNIT: indicator.unit,
                RESULT: indicator.expected_result.number if indicator.expected_result else "",
                DIRECTION: indicator.direction.number if indicator.direction else "",
            },
        )
    for indicator in indicators:
        for value in sorted(indicator.values.all(), key=lambda value: value.year):
            row(TARGET, **{NAME: indicator.name, YEAR: value.year, TARGET_VALUE: value.target})
    for funding in program.funding.select_related("source").order_by("year", "source"):
        row(FUNDING, **{YEAR: funding.year, SOURCE: funding.source.name, AMOUNT: funding.amount})
    return data


def _passport_value(program, name):
    value = getattr(program, name) if name != "co_developers" else None
    if name == "co_developers":
        return "\n".join(d.name for d in program.co_developers.order_by("name"))
    if name == "responsible_executor":
        return value.name if value else ""
    if name == "decision_date":
        return f"{value:%d.%m.%Y}" if value else ""
    return value


# Import ------------------------------------------------------------------------------------


@dataclass
class Result:
    """What loading the file did or would do: the program, and per part new/updated/same."""

    title: str = ""
    new_program: bool = False
    counts: dict = field(default_factory=dict)  # part: {"new": n, "update": n, "unchanged": n}
    errors: list = field(default_factory=list)  # (row, column, message)

    @property
    def ok(self):
        return not self.errors

    def count(self, part, outcome):
        self.counts.setdefault(part, {"new": 0, "update": 0, "unchanged": 0})[outcome] += 1

    @property
    def rows(self):
        return [(part, self.counts.get(part)) for part in PARTS if part in self.counts]


class _RowError(Exception):
    def __init__(self, column, message):
        super().__init__(message)
        self.column, self.message = column, message


def preview(raw, sheet=""):
    """What loading the file would do; nothing is written."""
    return _run(raw, sheet, dry_run=True)


def load(raw, sheet="", previewed=None):
    """Load the file: every row, or none if any row has an error (see `Result.errors`).

    With the `previewed` counts, a program changed since the preview (what would be new,
    updated or unchanged is no longer what was shown) is refused, and nothing is written.
    """
    return _run(raw, sheet, dry_run=False, previewed=previewed)


def _run(raw, sheet, *, dry_run, previewed=None):
    table = read_table(raw, _Columns, sheet)
    rows = [
        (number, {h: _text(v) for h, v in zip(table.headers, cells, strict=True)})
        for number, cells in zip(table.numbers, table.rows, strict=True)
    ]
    result = Result()
    with transaction.atomic():
        try:
            _load(rows, result)
        except ImportRefused as refused:
            result.errors.append((0, "", refused.message))
        if previewed is not None and result.ok and result.counts != previewed:
            result.errors.append(
                (
                    0,
                    "",
                    _(
                        "Someone else changed the program after the preview: nothing was "
                        "written. Check the new preview below and confirm again."
                    ),
                )
            )
        if dry_run or result.errors:
            transaction.set_rollback(True)
    return result


def _text(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _load(rows, result):
    by_part = {part: [] for part in PARTS}
    for number, row in rows:
        part = next((p for p in PARTS if normal(p) == normal(row.get(PART, ""))), None)
        if part is None:
            result.errors.append(
                (
                    number,
                    PART,
                    _("Unknown part “%(part)s”; the parts are: %(parts)s.")
                    % {"part": row.get(PART, ""), "parts": ", ".join(f"«{p}»" for p in PARTS)},
                )
            )
            continue
        by_part[part].append((number, row))
    if result.errors:
        return
    program = _passport(by_part[PASSPORT], result)
    if program is None:
        return
    steps = [
        (SECTION, _section),
        (DIRECTIONS, _numbered(Direction)),
        (RESULTS, _numbered(ExpectedResult)),
        (CATEGORY, _category),
        (INDICATOR, _indicator),
        (TARGET, _target),
        (FUNDING, _funding),
    ]
    for part, step in steps:
        seen = set()
        for number, row in by_part[part]:
            try:
                key, outcome = step(program, row)
                if key in seen:
                    raise _RowError("", _("This item is already in the file above."))
                seen.add(key)
                result.count(part, outcome)
            except _RowError as error:
                result.errors.append((number, error.column, error.message))
            except ValidationError as error:
                for name, messages in _messages(error):
                    result.errors.append((number, name, " ".join(messages)))


# A model's field, as the file names it: an error points at the column to correct.
FIELD_COLUMNS = {
    "number": NUMBER,
    "title": NAME,
    "name": NAME,
    "text": TEXT,
    "editorial_note": NOTE,
    "kekv": KEKV,
    "kind": KIND,
    "unit": UNIT,
    "expected_result": RESULT,
    "direction": DIRECTION,
    "year": YEAR,
    "source": SOURCE,
    "amount": AMOUNT,
    "target": TARGET_VALUE,
    "indicator": NAME,
    "__all__": "",
}
PASSPORT_LABELS = {name: label for label, name in PASSPORT_FIELDS}


def _messages(error, columns=FIELD_COLUMNS):
    return [(columns.get(name, name), messages) for name, messages in _field_messages(error)]


def _field_messages(error):
    if hasattr(error, "error_dict"):
        return [
            (name, [str(m) for e in errors for m in e]) for name, errors in error.error_dict.items()
        ]
    return [("", [str(m) for m in error.messages])]


def _passport(rows, result):
    labels = {normal(label): name for label, name in PASSPORT_FIELDS}
    values = {}
    for number, row in rows:
        name = labels.get(normal(row.get(NAME, "")))
        if name is None:
            result.errors.append(
                (number, NAME, _("Unknown passport field “%(field)s”.") % {"field": row.get(NAME)})
            )
            continue
        values[name] = (number, row.get(TEXT, ""))
    if "title" not in values or not values["title"][1]:
        result.errors.append(
            (0, "", _("The passport must give the program's title (the row «Назва програми»)."))
        )
        return None
    if result.errors:
        return None
    program = Program.objects.filter(title=values["title"][1]).first()
    result.new_program = program is None
    outcomes = [
        "new"
        if program is None
        else "unchanged"
        if _text(_passport_value(program, name) or "") == value
        else "update"
        for name, (_number, value) in values.items()
    ]
    program = program or Program(status=Program.Status.DRAFT)
    result.title = values["title"][1]
    co_developers = None
    for name, (number, value) in values.items():
        try:
            if name == "co_developers":
                co_developers = [line.strip() for line in value.splitlines() if line.strip()]
            elif name == "responsible_executor":
                program.responsible_executor = (
                    Department.objects.get_or_create(name=value)[0] if value else None
                )
            elif name in ("start_year", "end_year", "deviation_threshold"):
                setattr(program, name, _whole(value, TEXT))
            elif name == "decision_date":
                program.decision_date = _date(value) if value else None
            else:
                setattr(program, name, value)
        except _RowError as error:
            result.errors.append((number, error.column, error.message))
    if result.errors:
        return None
    try:
        program.full_clean()
    except ValidationError as error:
        for name, messages in _messages(error, PASSPORT_LABELS):
            result.errors.append((0, name, " ".join(messages)))
        return None
    overlapping = Program.objects.exclude(pk=program.pk).filter(
        start_year__lte=program.end_year, end_year__gte=program.start_year
    )
    if overlapping.exists():
        result.errors.append(
            (
                0,
                "",
                _("The years %(start)s–%(end)s overlap the program “%(other)s”.")
                % {
                    "start": program.start_year,
                    "end": program.end_year,
                    "other": overlapping.first(),
                },
            )
        )
        return None
    program.save()
    if co_developers is not None:
        program.co_developers.set(
            [Department.objects.get_or_create(name=name)[0] for name in co_developers]
        )
    for outcome in outcomes:
        result.count(PASSPORT, outcome)
    return program


def _upsert(model, key, values):
    """Create or update one row; (key, outcome). Validated before it is written."""
    found = model.objects.filter(**key).first()
    if found is None:
        found = model(**key, **values)
        found.full_clean()
        found.save()
        return tuple(key.values()), "new"
    changed = {name: value for name, value in values.items() if getattr(found, name) != value}
    if not changed:
        return tuple(key.values()), "unchanged"
    for name, value in changed.items():
        setattr(found, name, value)
    found.full_clean()
    found.save()
    return tuple(key.values()), "update"


def _section(program, row):
    number = _whole(row.get(NUMBER), NUMBER)
    return _upsert(
        ProgramSection,
        {"program": program, "number": number},
        {"title": row.get(NAME, ""), "text": row.get(TEXT, "")},
    )


def _numbered(model):
    def step(program, row):
        number = _whole(row.get(NUMBER), NUMBER)
        return _upsert(
            model,
            {"program": program, "number": number},
            {"text": row.get(TEXT, ""), "editorial_note": row.get(NOTE, "")},
        )

    return step


def _category(program, row):
    number = _whole(row.get(NUMBER), NUMBER)
    return _upsert(
        SpendingCategory,
        {"program": program, "number": number},
        {"name": row.get(NAME, ""), "kekv": row.get(KEKV, "")},
    )


def _indicator(program, row):
    kind = INDICATOR_KINDS.get(normal(row.get(KIND, "")))
    if kind is None:
        raise _RowError(
            KIND,
            _("The kind of an indicator is one of: %(kinds)s.")
            % {"kinds": ", ".join(f"«{k}»" for k in INDICATOR_KINDS)},
        )
    ties = {}
    for column, model, name in (
        (RESULT, ExpectedResult, "expected_result"),
        (DIRECTION, Direction, "direction"),
    ):
        number = row.get(column, "")
        ties[name] = None
        if number:
            ties[name] = model.objects.filter(
                program=program, number=_whole(number, column)
            ).first()
            if ties[name] is None:
                raise _RowError(
                    column, _("The program has no item number %(number)s.") % {"number": number}
                )
    return _upsert(
        Indicator,
        {"program": program, "name": row.get(NAME, "")},
        {"kind": kind, "unit": row.get(UNIT, ""), **ties},
    )


def _target(program, row):
    """An indicator's target for a year; the year's actual, if entered, stays as it is."""
    indicator = Indicator.objects.filter(program=program, name=row.get(NAME, "")).first()
    if indicator is None:
        raise _RowError(
            NAME,
            _("The program has no indicator “%(name)s”: add it in the part «%(part)s».")
            % {"name": row.get(NAME, ""), "part": INDICATOR},
        )
    year = _whole(row.get(YEAR), YEAR)
    try:
        program.check_year(year, YEAR)
    except ValidationError as error:
        raise _RowError(YEAR, " ".join(error.message_dict[YEAR])) from None
    target = _amount(row.get(TARGET_VALUE), TARGET_VALUE)
    if indicator.counts_whole and target != target.to_integral():
        raise _RowError(
            TARGET_VALUE,
            _("“%(unit)s” are counted in whole numbers: %(value)s has a fraction.")
            % {"unit": indicator.unit, "value": target.normalize()},
        )
    return _upsert(IndicatorValue, {"indicator": indicator, "year": year}, {"target": target})


def _funding(program, row):
    year = _whole(row.get(YEAR), YEAR)
    try:
        program.check_year(year, YEAR)
    except ValidationError as error:
        raise _RowError(YEAR, " ".join(error.message_dict[YEAR])) from None
    name = row.get(SOURCE, "")
    source = FundingSource.objects.filter(name=name).first() or (
        FundingSource.objects.filter(code=name).first()
    )
    if source is None:
        raise _RowError(
            SOURCE,
            _("Unknown funding source “%(source)s”; the sources are: %(sources)s.")
            % {
                "source": name,
                "sources": ", ".join(f"«{s.name}»" for s in FundingSource.objects.all()),
            },
        )
    return _upsert(
        ProgramFunding,
        {"program": program, "year": year, "source": source},
        {"amount": _amount(row.get(AMOUNT), AMOUNT)},
    )


def _whole(value, column):
    text = "".join(str(value or "").split())
    if not text.isascii() or not text.isdigit():
        raise _RowError(column, _("Enter a whole number."))
    return int(text)


def _amount(value, column):
    text = "".join(str(value or "").split()).replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise _RowError(column, _("Enter an amount: 200 000,00.")) from None
    if not amount.is_finite():
        raise _RowError(column, _("Enter an amount: 200 000,00."))
    return amount.quantize(Decimal("0.01"))


def _date(value):
    try:
        return datetime.datetime.strptime(value, "%d.%m.%Y").date()
    except ValueError:
        raise _RowError(TEXT, _("Enter a date as 20.12.2024.")) from None
