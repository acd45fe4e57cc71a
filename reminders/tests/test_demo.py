"""On a fresh install with the demo data, every rule has something to show: in the list the
bell opens and in the weekly digest (the issue's «done when»)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reminders import rules, services

pytestmark = pytest.mark.django_db

# A Monday in the demo's «today»: the 2025–2027 program in its second year, data entered
# until the end of November 2026.
DEMO_DAY = datetime.date(2026, 12, 7)
EVERY_RULE = [rule.code for rule in rules.RULES]


@pytest.fixture
def demo(monkeypatch, administrator):
    call_command("generate_demo_data", verbosity=0)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DEMO_DAY)
    administrator.email = "admin@mena.ua"
    administrator.save()
    return administrator


def test_every_rule_fires_in_the_bell_and_the_digest_on_the_demo_data(demo, as_user):
    client = as_user(demo)
    items = client.get(reverse("reminders:list")).context["items"]
    assert sorted({item.rule for item in items}) == sorted(EVERY_RULE)
    assert client.get(reverse("reminders:bell")).context["count"] == len(items)
    # The amendment № 5/12 raised 2026's funding after its allotments were made.
    allotments = next(item for item in items if item.rule == "allotments")
    assert allotments.title == (
        "Призначення на 2026 рік покривають 400,00 із затверджених 450,00 тис. грн"
    )

    # The same items in the administrator's digest (one fixture: the demo takes a while).
    services.send_digests(DEMO_DAY)
    [message] = [m for m in mail.outbox if m.to == ["admin@mena.ua"]]
    html = message.alternatives[0][0]
    for code in EVERY_RULE:
        mine = [item for item in items if item.rule == code]
        assert any(item.title in message.body for item in mine), code
        assert any(item.url in html for item in mine), code
