"""The publishing rules: every field has a class; what is shown when, and what never."""

import datetime

import pytest
from django.apps import apps

from activities.models import Event
from partners.models import Partner
from public import rules
from public.tests.builders import DAY, event, partner, withhold

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("label", sorted(rules.FIELDS))
def test_every_field_of_a_model_the_public_side_reads_has_a_class(label):
    meta = apps.get_model(label)._meta
    names = {f.name for f in meta.concrete_fields} | {f.name for f in meta.many_to_many}
    assert names == set(rules.FIELDS[label]), "Give the new fields a class in public/rules.py"
    assert set(rules.FIELDS[label].values()) <= {
        rules.PUBLIC,
        rules.AGGREGATED,
        rules.DELAYED,
        rules.INTERNAL,
    }


def test_people_and_contacts_are_internal():
    for label in ("activities.Participant", "partners.Contact"):
        assert rules.FIELDS[label]["full_name"] == rules.INTERNAL
    assert rules.FIELDS["activities.Participant"]["role"] == rules.INTERNAL
    assert rules.FIELDS["budget.Expense"]["amount"] == rules.AGGREGATED


def _visible(today, embargo=7):
    return set(rules.visible_events(today=today, embargo=embargo))


def test_an_event_at_home_is_public_the_day_after_it_ends(program):
    held = event(program)
    assert held not in _visible(DAY)
    assert held in _visible(DAY + datetime.timedelta(days=1))


def test_a_delegation_abroad_waits_for_the_embargo_after_it_ends(program):
    trip = event(
        program,
        title="Візит делегації до Тарнува",
        kind=Event.Kind.OUTGOING_DELEGATION,
        place=Event.Place.ABROAD,
        country="PL",
        end_date=DAY + datetime.timedelta(days=2),
    )
    ended = trip.end_date
    assert trip not in _visible(ended + datetime.timedelta(days=7))
    assert trip in _visible(ended + datetime.timedelta(days=8))
    assert trip not in _visible(ended + datetime.timedelta(days=14), embargo=14)
    assert trip in _visible(ended + datetime.timedelta(days=15), embargo=14)


def test_a_visit_to_mena_and_an_aid_delivery_wait_for_the_embargo_too(program):
    for kind in (Event.Kind.INCOMING_DELEGATION, Event.Kind.AID_DELIVERY):
        item = event(program, title=f"Подія {kind}", kind=kind)
        assert item not in _visible(DAY + datetime.timedelta(days=7))
        assert item in _visible(DAY + datetime.timedelta(days=8))


def test_a_planned_or_cancelled_event_is_never_public(program):
    planned = event(program, title="Майбутній візит", status=Event.Status.PLANNED)
    cancelled = event(program, title="Скасований візит", status=Event.Status.CANCELLED)
    later = _visible(DAY + datetime.timedelta(days=400))
    assert planned not in later
    assert cancelled not in later


def test_an_international_event_stays_public_six_months_after_it_ends_and_more(program):
    trip = event(program, kind=Event.Kind.OUTGOING_DELEGATION, place="abroad", country="PL")
    assert trip in _visible(DAY + datetime.timedelta(days=183))
    assert trip in _visible(DAY + datetime.timedelta(days=3 * 365))


def test_a_withheld_event_and_partner_are_not_public(program):
    held = event(program)
    institution = partner()
    withhold(held)
    withhold(institution)
    assert held not in _visible(DAY + datetime.timedelta(days=30))
    assert institution not in set(rules.visible_partners())


def test_only_institutions_with_an_agreed_partnership_are_public():
    community = partner()
    person = partner("Іван Приватний", kind=Partner.Kind.OTHER)
    prospective = partner("Місто Майбутнє", status=Partner.Status.PROSPECTIVE)
    visible = set(rules.visible_partners())
    assert community in visible
    assert person not in visible
    assert prospective not in visible


def test_a_draft_programs_events_are_not_public(program):
    program.status = program.Status.DRAFT
    program.save()
    assert event(program) not in _visible(DAY + datetime.timedelta(days=30))
