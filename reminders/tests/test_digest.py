"""The weekly digest: what it says, to whom, and never the same item twice in a week."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from partners.models import Agreement, Partner
from reminders import services
from reminders.models import DigestEntry, Preferences, Snooze
from reminders.tasks import daily_reminders, weekly_digest

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 6, 3)


def _agreement(name, ends):
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk=name, country="PL")
    return Agreement.objects.create(
        partner=partner,
        title=f"Угода з {name}",
        signed_on=datetime.date(2022, 1, 1),
        valid_until=ends,
    )


@pytest.fixture
def people(editor, controller, outsider):
    for user, address in ((editor, "editor@mena.ua"), (controller, "secretary@mena.ua")):
        user.email = address
        user.save()
    outsider.email = "nobody@mena.ua"
    outsider.save()
    return editor, controller


def test_the_digest_lists_each_persons_items_in_ukrainian_text_and_html(program, people):
    _agreement("Гміна Тарнув", MONDAY + datetime.timedelta(days=20))
    assert services.send_digests(MONDAY) == 2
    to = sorted(message.to[0] for message in mail.outbox)
    assert to == ["editor@mena.ua", "secretary@mena.ua"]  # not the person without a role
    message = next(m for m in mail.outbox if m.to == ["editor@mena.ua"])
    assert "нагадування програми співробітництва" in message.subject
    assert "Угода з Гміна Тарнув закінчується 23.06.2024" in message.body
    assert "http://127.0.0.1:8000/partners/agreements/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "Угода з Гміна Тарнув закінчується 23.06.2024" in html
    assert "Вимкнути огляд" in html


def test_an_item_is_not_sent_twice_in_a_week(program, people):
    _agreement("Гміна Тарнув", MONDAY + datetime.timedelta(days=20))
    services.send_digests(MONDAY)
    sent = len(mail.outbox)
    # Run again the same week (a retry, a second worker): nothing new, nothing sent.
    assert services.send_digests(MONDAY + datetime.timedelta(days=2)) == 0
    assert len(mail.outbox) == sent
    # A new item that week goes alone.
    _agreement("Місто Табор", MONDAY + datetime.timedelta(days=40))
    services.send_digests(MONDAY + datetime.timedelta(days=3))
    latest = mail.outbox[-1]
    assert "Місто Табор" in latest.body and "Гміна Тарнув" not in latest.body
    # Next week both again.
    services.send_digests(MONDAY + datetime.timedelta(days=7))
    assert "Місто Табор" in mail.outbox[-1].body and "Гміна Тарнув" in mail.outbox[-1].body
    # Each agreement once in the week, to each of the two people.
    sent_week = DigestEntry.objects.filter(week="2024-W23", item_key__startswith="agreement-")
    assert sent_week.count() == 4


def test_a_person_who_turned_the_digest_off_gets_none(program, people):
    editor, _controller = people
    _agreement("Гміна Тарнув", MONDAY + datetime.timedelta(days=20))
    Preferences.objects.create(user=editor, weekly_digest=False)
    services.send_digests(MONDAY)
    assert [m.to for m in mail.outbox] == [["secretary@mena.ua"]]


def test_a_snoozed_item_is_not_in_the_digest(program, people):
    editor, _controller = people
    agreement = _agreement("Гміна Тарнув", MONDAY + datetime.timedelta(days=20))
    key = f"agreement-expiring:{agreement.pk}:30:{agreement.valid_until:%Y%m%d}"
    Snooze.objects.create(user=editor, item_key=key, until=MONDAY + datetime.timedelta(days=5))
    services.send_digests(MONDAY)
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Гміна Тарнув закінчується" not in bodies.get("editor@mena.ua", "")
    assert "Гміна Тарнув закінчується" in bodies["secretary@mena.ua"]


def test_a_mail_server_error_leaves_the_items_to_be_sent_again(program, people, monkeypatch):
    _agreement("Гміна Тарнув", MONDAY + datetime.timedelta(days=20))

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("SMTP")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(ConnectionRefusedError):
        services.send_digests(MONDAY)
    assert not DigestEntry.objects.exists()
    monkeypatch.undo()
    assert services.send_digests(MONDAY) == 2


def test_the_weekly_and_daily_jobs_run_through_the_queue(program, people, jobs_in_memory):
    _agreement("Гміна Тарнув", timezone.localdate() + datetime.timedelta(days=20))
    Snooze.objects.create(
        user=people[0], item_key="old", until=timezone.localdate(), reason="минуло"
    )
    weekly_digest.defer()
    daily_reminders.defer()
    jobs_in_memory.run()
    assert {job["status"] for job in jobs_in_memory.jobs.values()} == {"succeeded"}
    assert len(mail.outbox) == 2
    assert not Snooze.objects.exists()  # run out: cleared by the daily job
