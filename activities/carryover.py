"""Starting the next program from this one: the parts of a program's structure that carry over.

Each part copies one kind of row from the old program to the new one. Apps above activities
(budget's spending categories) register their parts here, so that activities imports none of
them, as the importer's registry of kinds does.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from activities.models import Direction, ExpectedResult, Indicator, ProgramSection

_parts = {}


@dataclass(frozen=True)
class Part:
    """One part of the structure: `copy(source, target)` copies it and returns how many rows."""

    slug: str
    label: str
    copy: object
    order: int = 0


def register(part):
    """Make `part` one of the choices; a slug is registered once."""
    if part.slug in _parts and _parts[part.slug] != part:
        raise ValueError(f"Another carry-over part is already called {part.slug!r}.")
    _parts[part.slug] = part
    return part


def parts():
    """Every registered part, in their order."""
    return sorted(_parts.values(), key=lambda part: part.order)


def get(slug):
    return _parts[slug]


def _copy_numbered(model):
    def copy(source, target):
        rows = [
            model(
                program=target,
                number=item.number,
                text=item.text,
                editorial_note=item.editorial_note,
            )
            for item in model.objects.filter(program=source)
        ]
        model.objects.bulk_create(rows)
        return len(rows)

    return copy


def copy_sections(source, target):
    rows = [
        ProgramSection(program=target, number=s.number, title=s.title, text=s.text)
        for s in ProgramSection.objects.filter(program=source)
    ]
    ProgramSection.objects.bulk_create(rows)
    return len(rows)


def copy_indicators(source, target):
    """Indicators without their yearly values (the new term sets its own targets).

    An indicator tied to a result or direction is tied to the new program's item of the same
    number, when that part was carried over (or entered) first; otherwise to none.
    """
    results = {r.number: r for r in ExpectedResult.objects.filter(program=target)}
    directions = {d.number: d for d in Direction.objects.filter(program=target)}
    rows = [
        Indicator(
            program=target,
            kind=i.kind,
            name=i.name,
            unit=i.unit,
            expected_result=results.get(i.expected_result.number) if i.expected_result else None,
            direction=directions.get(i.direction.number) if i.direction else None,
        )
        for i in Indicator.objects.filter(program=source).select_related(
            "expected_result", "direction"
        )
    ]
    Indicator.objects.bulk_create(rows)
    return len(rows)


register(Part("sections", _("sections of the text"), copy_sections, order=10))
register(Part("directions", _("directions"), _copy_numbered(Direction), order=20))
register(Part("results", _("expected results"), _copy_numbered(ExpectedResult), order=30))
# After the results and directions, so that indicators find theirs.
register(Part("indicators", _("indicators"), copy_indicators, order=40))
