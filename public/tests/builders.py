"""Small builders for the public side's tests."""

import datetime

from django.contrib.auth import get_user_model

from activities.models import Event
from partners.models import Partner
from public.models import Withholding

DAY = datetime.date(2023, 5, 10)


def event(program, *, title="Конференція громад", kind=Event.Kind.CONFERENCE, **fields):
    values = {
        "program": program,
        "title": title,
        "kind": kind,
        "status": Event.Status.HELD,
        "start_date": DAY,
        "end_date": DAY,
        "place": Event.Place.MENA,
        "outcome": "Підписано план дій.",
    }
    values.update(fields)
    return Event.objects.create(**values)


def partner(name="Гміна Тарнув", kind=Partner.Kind.COMMUNITY, **fields):
    return Partner.objects.create(
        name_uk=name, kind=kind, country=fields.pop("country", "PL"), **fields
    )


def withhold(item, **fields):
    user = get_user_model().objects.filter(username="secretary").first()
    user = user or get_user_model().objects.create_user("secretary", password="x" * 16)
    values = {
        "reason": "Безпека учасників",
        "protected_interest": "Безпека людей",
        "harm": "Розкриття маршрутів",
        "balance": "Життя людей важливіше",
        "review_on": datetime.date(2030, 1, 1),
        "withheld_by": user,
        ("event" if isinstance(item, Event) else "partner"): item,
    }
    values.update(fields)
    return Withholding.objects.create(**values)
