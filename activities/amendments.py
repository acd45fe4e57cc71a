"""Amendments as data: the kinds of change, adopting a draft, and the program as it stood on a day.

The live tables hold the program as amended by every adopted amendment. An adopted amendment
keeps its changes (kind, target, old value, new value), so the version in force on a day is the
live program with the changes of the amendments that took effect after that day undone, newest
first (`in_force`). Each app registers the kinds of change it knows how to apply (`register`):
this module knows the passport (its texts and the council units it names), the term, the
wording of an item, a new edition of an annex and of the whole program; budget registers the
funding per year and source (budget/amendments.py), so that nothing here imports an app above
activities.
"""

import datetime
import hashlib
import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from activities.models import (
    Amendment,
    AmendmentChange,
    AnnualReport,
    Department,
    Direction,
    Event,
    ExpectedResult,
    Program,
    ProgramSection,
)

_KINDS = {}
# Functions (program, years) -> [what lies in those years]: a term may not drop a year that
# still holds something. Each app registers its own records.
_TERM_GUARDS = []


def register(kind):
    """Make a kind of change known; a key is registered once."""
    if kind.key in _KINDS and type(_KINDS[kind.key]) is not type(kind):
        raise ValueError(f"Change kind {kind.key!r} is registered twice.")
    _KINDS[kind.key] = kind
    return kind


def kinds():
    return list(_KINDS.values())


def kind_of(key):
    """The kind called `key`; KeyError if none is registered."""
    return _KINDS[key]


def known_kind(key):
    """The kind called `key`, or None (a kind no app registers any more)."""
    return _KINDS.get(key)


def guard_term(function):
    """Register `function(program, years)` listing what lies in years a shorter term drops."""
    if function not in _TERM_GUARDS:
        _TERM_GUARDS.append(function)
    return function


class ChangeKind:
    """What a kind of change declares; `target` and values are JSON."""

    key = ""
    label = ""
    # A form with `program` as keyword, whose `change()` gives (target, new value).
    form_class = None
    # The order of the kinds on the page and of the draft decision's points.
    order = 0

    def current(self, program, target):
        """The value the program has now."""
        raise NotImplementedError

    def apply(self, program, change):
        """Write `change.new` to the live tables; ValidationError if it cannot be."""
        raise NotImplementedError

    def undo(self, version, change):
        """Put `change.old` back into a `Version`."""
        raise NotImplementedError

    def same(self, one, other):
        """Whether two values are the same for the program (adopting compares the old one)."""
        return one == other

    def years(self, program, change):
        """The years of the program the change alters (a closed year needs a reason)."""
        return set()

    def problems(self, program, change):
        """Why the change cannot be applied now, in Ukrainian: [] if it can."""
        return []

    def target_label(self, program, change):
        raise NotImplementedError

    def show(self, value):
        """A value for the history page."""
        if value is None:
            return "—"
        if isinstance(value, list):
            return "\n".join(_numbered(value))
        return str(value)

    def wording(self, program, change):
        """The point of the draft decision that makes this change, in the council's style."""
        raise NotImplementedError


def _numbered(items):
    lines = []
    for number, item in enumerate(items, 1):
        text = " ".join(item) if isinstance(item, list) else item
        lines.append(f"{number}. {text}")
    return lines


# --------------------------------------------------------------------------------------------
# The version in force.
# --------------------------------------------------------------------------------------------


class Version:
    """The program as it stood on `on`: the live values with later changes undone.

    `program` is a copy of the program with its passport fields and term as they were;
    `items(name, current)` gives a list's texts {number: text} as they were; `funding` is
    undone by budget (budget/amendments.py) on the amounts it reads.
    """

    def __init__(self, program, on, changes):
        self.on = on
        # The changes of amendments that took effect after `on`, newest first.
        self.undone = changes
        self.program = Program(
            **{f.attname: getattr(program, f.attname) for f in Program._meta.concrete_fields}
        )
        self._items = {}
        # {"co_developers" or "responsible_executor": the value of a UnitsKind change}
        self._units = {}
        for change in changes:
            kind = _KINDS.get(change.kind)
            if kind is not None and isinstance(kind, ProgramFieldKind | TermKind | UnitsKind):
                kind.undo(self, change)

    def changed(self, *keys):
        return [change for change in self.undone if change.kind in keys]

    def units(self, field):
        """Row 4 (`co_developers`: [{"id", "name"}]) or 5 (`responsible_executor`: {"id",
        "name"} or None) on the day; a unit amended away keeps the name the change stored."""
        if field in self._units:
            return self._units[field]
        return kind_of(UnitsKind.key).current(self.program, {"field": field})

    def items(self, name, current):
        """{number: text} of the list `name` on the day, from its live {number: text}."""
        state = dict(current)
        for change in self.undone:
            kind = _KINDS.get(change.kind)
            if isinstance(kind, ListKindMixin) and kind.list_of(change) == name:
                state = kind.undo_list(state, change)
        return dict(sorted(state.items()))


def _changes_after(program, on):
    return list(
        AmendmentChange.objects.filter(
            amendment__program=program, amendment__status=Amendment.Status.ADOPTED
        )
        .annotate(effect=Coalesce("amendment__effective_date", "amendment__decision_date"))
        .filter(effect__gt=on)
        .order_by("-effect", "-amendment__decision_date", "-amendment_id", "-pk")
    )


def in_force(program, on):
    """The program as it stood on the day `on` (one query)."""
    return Version(program, on, _changes_after(program, on))


def year_end(year):
    """The day a year's documents read the program on: its last day."""
    return datetime.date(year, 12, 31)


def amendments_in_force(program, on=None):
    """The adopted amendments that had taken effect by `on` (all adopted ones if None)."""
    found = list(Amendment.objects.adopted().filter(program=program))
    if on is not None:
        found = [a for a in found if a.takes_effect and a.takes_effect <= on]
    return sorted(found, key=lambda a: (a.takes_effect, a.decision_date, a.pk))


# --------------------------------------------------------------------------------------------
# The kinds this app applies.
# --------------------------------------------------------------------------------------------

# Program fields a point edit may change, with the passport's row (None: the title).
PASSPORT_FIELDS = {
    "title": None,
    "basis_document": "2",
    "developers": "3",
    "participants": "6",
    "control": "10",
}


def _field_label(name):
    return Program._meta.get_field(name).verbose_name


class ProgramFieldForm(forms.Form):
    field = forms.ChoiceField(label=_("Passport row"))
    value = forms.CharField(label=_("New wording"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["field"].choices = [
            (name, _passport_row_label(name)) for name in PASSPORT_FIELDS
        ]

    def clean_value(self):
        return self.cleaned_data["value"].strip()

    def clean(self):
        data = super().clean()
        if data.get("field") == "title" and len(data.get("value", "")) > 500:
            self.add_error("value", gettext("The title is at most 500 characters."))
        return data

    def change(self):
        return {"field": self.cleaned_data["field"]}, self.cleaned_data["value"]


def _passport_row_label(name):
    row = PASSPORT_FIELDS[name]
    label = str(_field_label(name))
    if row is None:
        return gettext("Title of the program")
    return gettext("Row %(row)s: %(label)s") % {"row": row, "label": label}


class ProgramFieldKind(ChangeKind):
    key = "passport"
    label = _("A passport row or the title")
    form_class = ProgramFieldForm
    order = 10

    def current(self, program, target):
        return getattr(program, target["field"])

    def apply(self, program, change):
        setattr(program, change.target["field"], change.new)
        program.save(update_fields=[change.target["field"]])

    def undo(self, version, change):
        setattr(version.program, change.target["field"], change.old)

    def target_label(self, program, change):
        return _passport_row_label(change.target["field"])

    def wording(self, program, change):
        row = PASSPORT_FIELDS[change.target["field"]]
        if row is None:
            return gettext("The title of the program shall read: «%(new)s».") % {"new": change.new}
        return gettext("Row %(row)s of the program's passport shall read: «%(new)s».") % {
            "row": row,
            "new": change.new,
        }


# The passport's rows that name council units (Department), with their numbers.
UNIT_FIELDS = {"co_developers": "4", "responsible_executor": "5"}


def _unit(department):
    # The name is kept beside the id: the history and the decision print the unit as the
    # change named it, even after the unit is renamed or removed.
    return {"id": department.pk, "name": department.name}


def _unit_ids(value):
    if value is None:
        return None
    if isinstance(value, dict):
        return value["id"]
    return sorted(unit["id"] for unit in value)


def _unit_row_label(name):
    return gettext("Row %(row)s: %(label)s") % {
        "row": UNIT_FIELDS[name],
        "label": _field_label(name),
    }


class UnitsForm(forms.Form):
    field = forms.ChoiceField(label=_("Passport row"))
    departments = forms.ModelMultipleChoiceField(
        label=_("Council units"),
        queryset=Department.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Row 5 names one unit, the responsible executor."),
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["field"].choices = [(name, _unit_row_label(name)) for name in UNIT_FIELDS]

    def clean(self):
        data = super().clean()
        chosen = data.get("departments")
        if data.get("field") == "responsible_executor" and chosen and len(chosen) > 1:
            self.add_error(
                "departments", gettext("The program has one responsible executor: choose one unit.")
            )
        return data

    def change(self):
        field, chosen = self.cleaned_data["field"], self.cleaned_data["departments"]
        if field == "responsible_executor":
            return {"field": field}, _unit(chosen[0])
        return {"field": field}, [_unit(unit) for unit in sorted(chosen, key=lambda d: d.name)]


class UnitsKind(ChangeKind):
    """Rows 4 and 5 of the passport: the co-developers and the responsible executor."""

    key = "units"
    label = _("The co-developers or the responsible executor")
    form_class = UnitsForm
    order = 15

    def current(self, program, target):
        if target["field"] == "responsible_executor":
            unit = program.responsible_executor
            return _unit(unit) if unit else None
        return [_unit(unit) for unit in program.co_developers.order_by("name")]

    def same(self, one, other):
        # A unit renamed since is the same unit: only which units the row names counts.
        return _unit_ids(one) == _unit_ids(other)

    def problems(self, program, change):
        named = change.new if isinstance(change.new, list) else [change.new]
        there = set(
            Department.objects.filter(pk__in=[u["id"] for u in named]).values_list("pk", flat=True)
        )
        return [
            gettext("The council unit «%(name)s» no longer exists: enter the change again.")
            % {"name": unit["name"]}
            for unit in named
            if unit["id"] not in there
        ]

    def apply(self, program, change):
        if change.target["field"] == "responsible_executor":
            program.responsible_executor_id = change.new["id"]
            program.save(update_fields=["responsible_executor"])
        else:
            program.co_developers.set([unit["id"] for unit in change.new])

    def undo(self, version, change):
        field, old = change.target["field"], change.old
        version._units[field] = old
        if field == "responsible_executor":
            # Named as the change stored it: no query, and no error if the unit is gone.
            version.program.responsible_executor = (
                Department(pk=old["id"], name=old["name"]) if old else None
            )

    def target_label(self, program, change):
        return _unit_row_label(change.target["field"])

    def show(self, value):
        if not value:
            return "—"
        if isinstance(value, dict):
            return value["name"]
        return "\n".join(unit["name"] for unit in value)

    def wording(self, program, change):
        new = change.new if isinstance(change.new, list) else [change.new]
        return gettext("Row %(row)s of the program's passport shall read: «%(new)s».") % {
            "row": UNIT_FIELDS[change.target["field"]],
            "new": ", ".join(unit["name"] for unit in new),
        }


class TermForm(forms.Form):
    start_year = forms.IntegerField(label=_("first year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("last year"), min_value=2000, max_value=2100)

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["start_year"].initial = program.start_year
        self.fields["end_year"].initial = program.end_year

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", gettext("The last year cannot be before the first year."))
        return data

    def change(self):
        return {}, {"start": self.cleaned_data["start_year"], "end": self.cleaned_data["end_year"]}


class TermKind(ChangeKind):
    key = "term"
    label = _("The term of the program")
    form_class = TermForm
    order = 20

    def current(self, program, target):
        return {"start": program.start_year, "end": program.end_year}

    def apply(self, program, change):
        program.start_year, program.end_year = change.new["start"], change.new["end"]
        program.full_clean(exclude=["title"])
        program.save(update_fields=["start_year", "end_year"])

    def undo(self, version, change):
        version.program.start_year = change.old["start"]
        version.program.end_year = change.old["end"]

    def years(self, program, change):
        old = set(range(change.old["start"], change.old["end"] + 1)) if change.old else set()
        new = set(range(change.new["start"], change.new["end"] + 1))
        return old ^ new

    def problems(self, program, change):
        return term_problems(program, change.new["start"], change.new["end"])

    def target_label(self, program, change):
        return gettext("Row 7: term of the program")

    def show(self, value):
        return f"{value['start']}–{value['end']}" if value else "—"

    def wording(self, program, change):
        return gettext(
            "In row 7 of the program's passport the figures «%(old)s» shall be replaced by "
            "«%(new)s»."
        ) % {"old": self.show(change.old), "new": self.show(change.new)}


def term_problems(program, start, end):
    """Why `program` cannot take the term start–end, in Ukrainian: [] if it can.

    A term may not drop a year that still holds something (each app's guards list it); the
    passport page of a draft asks the same as an amendment of the term.
    """
    dropped = sorted(set(program.years) - set(range(start, end + 1)))
    if not dropped:
        return []
    found = [line for guard in _TERM_GUARDS for line in guard(program, dropped)]
    if not found:
        return []
    return [
        gettext("The term cannot be shortened to %(term)s while these lie outside it: %(list)s.")
        % {"term": f"{start}–{end}", "list": "; ".join(found)}
    ]


# The lists of the program a change may reword or replace: their models and names.
LISTS = {
    "directions": (Direction, _("Directions of activity")),
    "expected_results": (ExpectedResult, _("Expected results")),
    "sections": (ProgramSection, _("Sections of the program")),
}
# «пункт 3 напрямів діяльності»: the lists named after a number.
GENITIVES = {
    "directions": pgettext_lazy("genitive", "directions of activity"),
    "expected_results": pgettext_lazy("genitive", "expected results"),
    "sections": pgettext_lazy("genitive", "sections of the program"),
}


def _list_label(name):
    return GENITIVES[name]


def _current_texts(program, name):
    model = LISTS[name][0]
    return dict(model.objects.filter(program=program).values_list("number", "text"))


class ListKindMixin:
    def list_of(self, change):
        """Which of the program's lists the change rewrites (the one its target names)."""
        return change.target["list"]

    def undo_list(self, state, change):
        raise NotImplementedError


class ItemForm(forms.Form):
    list = forms.ChoiceField(label=_("List"))
    number = forms.IntegerField(label=_("number"), min_value=1)
    text = forms.CharField(label=_("New wording"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["list"].choices = [(name, label) for name, (_m, label) in LISTS.items()]

    def clean(self):
        data = super().clean()
        name, number = data.get("list"), data.get("number")
        if name and number and number not in _current_texts(self.program, name):
            self.add_error(
                "number",
                gettext("The program has no item No. %(number)s in this list.")
                % {"number": number},
            )
        return data

    def change(self):
        data = self.cleaned_data
        return {"list": data["list"], "number": data["number"]}, data["text"].strip()


class ItemKind(ListKindMixin, ChangeKind):
    key = "item"
    label = _("The wording of one item")
    form_class = ItemForm
    order = 30

    def current(self, program, target):
        return _current_texts(program, target["list"]).get(target["number"])

    def apply(self, program, change):
        model = LISTS[change.target["list"]][0]
        updated = model.objects.filter(program=program, number=change.target["number"]).update(
            text=change.new
        )
        if not updated:
            raise ValidationError(
                gettext("The program has no item No. %(number)s in this list.")
                % {"number": change.target["number"]}
            )

    def undo_list(self, state, change):
        state = dict(state)
        if change.old is None:
            state.pop(change.target["number"], None)
        else:
            state[change.target["number"]] = change.old
        return state

    def target_label(self, program, change):
        return gettext("Item %(number)s of the %(list)s") % {
            "number": change.target["number"],
            "list": _list_label(change.target["list"]),
        }

    def wording(self, program, change):
        if change.target["list"] == "sections":
            return gettext(
                "The text of section %(number)s of the program shall read: «%(new)s»."
            ) % {"number": change.target["number"], "new": change.new}
        return gettext("Item %(number)s of the %(list)s shall read: «%(new)s».") % {
            "number": change.target["number"],
            "list": _list_label(change.target["list"]),
            "new": change.new,
        }


# Lists an annex of the program holds as a whole, with the annex's number.
ANNEXES = {"directions": "2", "expected_results": "3"}


def _lines(text):
    """The items of a list typed one a line; a leading «12.» is the position, not the text."""
    items = []
    for line in text.splitlines():
        line = re.sub(r"^\s*\d+[.)]\s*", "", line).strip()
        if line:
            items.append(line)
    return items


class AnnexForm(forms.Form):
    list = forms.ChoiceField(label=_("Annex"))
    items = forms.CharField(
        label=_("The new edition, one item a line"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Items are numbered in the order of the lines."),
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        self.fields["list"].choices = [
            (name, gettext("Annex %(number)s: %(list)s") % {"number": n, "list": LISTS[name][1]})
            for name, n in ANNEXES.items()
        ]
        texts = _current_texts(program, "directions")
        self.fields["items"].initial = "\n".join(f"{n}. {t}" for n, t in sorted(texts.items()))

    def clean_items(self):
        items = _lines(self.cleaned_data["items"])
        if not items:
            raise ValidationError(gettext("Type at least one item."))
        return items

    def change(self):
        return {"list": self.cleaned_data["list"]}, self.cleaned_data["items"]


class AnnexKind(ListKindMixin, ChangeKind):
    key = "annex"
    label = _("A new edition of an annex")
    form_class = AnnexForm
    order = 40

    def current(self, program, target):
        texts = _current_texts(program, target["list"])
        return [texts[number] for number in sorted(texts)]

    def problems(self, program, change):
        model = LISTS[change.target["list"]][0]
        dropped = model.objects.filter(program=program, number__gt=len(change.new))
        if change.target["list"] == "directions":
            used = dropped.filter(events__isnull=False) | dropped.filter(indicators__isnull=False)
        else:
            used = dropped.filter(indicators__isnull=False)
        numbers = sorted(set(used.values_list("number", flat=True)))
        if not numbers:
            return []
        return [
            gettext(
                "%(annex)s: the new edition would drop items that events or indicators refer "
                "to: %(numbers)s."
            )
            % {
                "annex": self.target_label(program, change),
                "numbers": ", ".join(map(str, numbers)),
            }
        ]

    def apply(self, program, change):
        model = LISTS[change.target["list"]][0]
        for number, text in enumerate(change.new, 1):
            model.objects.update_or_create(program=program, number=number, defaults={"text": text})
        model.objects.filter(program=program, number__gt=len(change.new)).delete()

    def undo_list(self, state, change):
        return dict(enumerate(change.old or [], 1))

    def target_label(self, program, change):
        name = change.target["list"]
        return gettext("Annex %(number)s: %(list)s") % {
            "number": ANNEXES[name],
            "list": LISTS[name][1],
        }

    def wording(self, program, change):
        return gettext(
            "Annex %(number)s to the program (%(list)s) shall read as in the new edition annexed."
        ) % {"number": ANNEXES[change.target["list"]], "list": LISTS[change.target["list"]][1]}


def _sections_text(sections):
    return "\n\n".join(f"{number}. {title}\n{text}" for number, title, text in sections)


def parse_sections(text):
    """[(title, text)] of a program typed as «1. Title» lines, each followed by its text.

    A line is a heading only if it carries the next number in turn, so that numbered
    paragraphs inside a section («1. …» after section 3) stay in its text.
    """
    sections = []
    for line in text.splitlines():
        match = re.match(r"^\s*(\d+)\.\s+(\S.*)$", line)
        if match and int(match.group(1)) == len(sections) + 1:
            sections.append([match.group(2).strip(), []])
        elif sections:
            sections[-1][1].append(line)
    return [[title, "\n".join(body).strip()] for title, body in sections]


class EditionForm(forms.Form):
    text = forms.CharField(
        label=_("The new edition of the program"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_("Each section begins with a line «1. Title», «2. Title»… and its text below."),
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        sections = ProgramSection.objects.filter(program=program).order_by("number")
        self.fields["text"].initial = _sections_text((s.number, s.title, s.text) for s in sections)

    def clean_text(self):
        sections = parse_sections(self.cleaned_data["text"])
        if not sections or any(not text for _title, text in sections):
            raise ValidationError(
                gettext("Begin each section with «1. Title» and give every section its text.")
            )
        if any(len(title) > 300 for title, _text in sections):
            raise ValidationError(gettext("A section's title is at most 300 characters."))
        return sections

    def change(self):
        return {}, self.cleaned_data["text"]


class EditionKind(ListKindMixin, ChangeKind):
    key = "edition"
    label = _("A new edition of the program")
    form_class = EditionForm
    order = 50

    def list_of(self, change):
        return "sections"

    def current(self, program, target):
        return [
            [title, text]
            for title, text in ProgramSection.objects.filter(program=program)
            .order_by("number")
            .values_list("title", "text")
        ]

    def apply(self, program, change):
        for number, (title, text) in enumerate(change.new, 1):
            ProgramSection.objects.update_or_create(
                program=program, number=number, defaults={"title": title, "text": text}
            )
        ProgramSection.objects.filter(program=program, number__gt=len(change.new)).delete()

    def undo_list(self, state, change):
        return {number: text for number, (_title, text) in enumerate(change.old or [], 1)}

    def target_label(self, program, change):
        return gettext("The whole text of the program")

    def show(self, value):
        if not value:
            return "—"
        return _sections_text((n, title, text) for n, (title, text) in enumerate(value, 1))

    def wording(self, program, change):
        return gettext("The program shall read as in the new edition annexed.")


for _kind in (
    ProgramFieldKind(),
    UnitsKind(),
    TermKind(),
    ItemKind(),
    AnnexKind(),
    EditionKind(),
):
    register(_kind)


@guard_term
def _events_outside(program, years):
    events = (
        Event.objects.for_program(program)
        .filter(start_date__year__in=years)
        .order_by("start_date", "title")
    )
    return [gettext("event «%(event)s»") % {"event": event} for event in events]


# --------------------------------------------------------------------------------------------
# Writes: a draft's changes, adopting it.
# --------------------------------------------------------------------------------------------


@transaction.atomic
def add_change(*, amendment, kind, target, new):
    """Add a change to a draft amendment, with the program's current value as the old one."""
    if amendment.is_adopted:
        raise ValidationError(gettext("The amendment is adopted: its changes are final."))
    kind = kind_of(kind) if isinstance(kind, str) else kind
    old = kind.current(amendment.program, target)
    if kind.same(old, new):
        raise ValidationError(gettext("This is the program's current value: nothing changes."))
    AmendmentChange.objects.filter(amendment=amendment, kind=kind.key, target=target).delete()
    return AmendmentChange.objects.create(
        amendment=amendment, kind=kind.key, target=target, old=old, new=new
    )


def ordered_changes(amendment):
    """The changes of an amendment in the order of the decision's points."""
    changes = list(amendment.changes.all())
    return sorted(changes, key=lambda c: (getattr(_KINDS.get(c.kind), "order", 99), c.pk))


def digest(changes):
    """A short fingerprint of a draft's changes as a page shows them (adopting checks it)."""
    seen = [[c.pk, c.kind, c.target, c.new] for c in changes]
    return hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()[:32]


def closed_years(program, years):
    """Those of `years` whose annual report the council has accepted."""
    return sorted(
        AnnualReport.objects.filter(
            program=program, year__in=years, accepted_on__isnull=False
        ).values_list("year", flat=True)
    )


@transaction.atomic
def adopt(
    *,
    amendment,
    decision_number,
    decision_date,
    act_kind,
    adopted_by="",
    effective_date=None,
    file=None,
    closed_year_reason="",
    seen=None,
):
    """Adopt a draft: record the decision and apply its changes, all or none.

    Refused, with what is wrong in Ukrainian: a change whose old value is no longer the
    program's (someone changed it since), a change of a year closed by an accepted report
    without the administrator's reason, a shorter term that would leave records outside it,
    and, with `seen` (the draft's `digest` as the page showed it), a draft changed since.
    """
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if amendment.is_adopted:
        raise ValidationError(
            gettext("Someone else adopted this amendment after you opened the page.")
        )
    program = Program.objects.select_for_update().get(pk=amendment.program_id)
    changes = ordered_changes(amendment)
    if seen is not None and seen != digest(changes):
        raise ValidationError(
            gettext(
                "Someone else changed the draft's changes after you opened the page: read "
                "them again before adopting."
            )
        )
    taken = Amendment.objects.filter(program=program, decision_number=decision_number)
    if taken.exclude(pk=amendment.pk).exists():
        raise ValidationError(gettext("This program already has an amendment with this number."))
    if not changes:
        raise ValidationError(gettext("The draft has no changes to adopt."))
    errors = []
    for change in changes:
        kind = kind_of(change.kind)
        now = kind.current(program, change.target)
        if not kind.same(now, change.old):
            errors.append(
                gettext(
                    "%(what)s has changed since the change was entered (now «%(now)s»): "
                    "enter the change again."
                )
                % {"what": kind.target_label(program, change), "now": kind.show(now)}
            )
    if errors:
        raise ValidationError(errors)
    touched = set()
    for change in changes:
        touched |= kind_of(change.kind).years(program, change)
    closed = closed_years(program, touched)
    if closed and not closed_year_reason.strip():
        raise ValidationError(
            gettext(
                "The amendment changes %(years)s, closed by an accepted annual report: an "
                "administrator must state the reason."
            )
            % {"years": ", ".join(map(str, closed))}
        )
    for change in changes:
        kind = kind_of(change.kind)
        found = kind.problems(program, change)
        if found:
            raise ValidationError(found)
        kind.apply(program, change)
    amendment.status = Amendment.Status.ADOPTED
    amendment.decision_number = decision_number
    amendment.decision_date = decision_date
    amendment.act_kind = act_kind
    amendment.adopted_by = adopted_by
    amendment.effective_date = effective_date
    amendment.closed_year_reason = closed_year_reason.strip()
    if file:
        amendment.file = file
    amendment.full_clean()
    amendment.save()
    return amendment
