"""The admin speaks Ukrainian to every role, and English on request."""

import html
import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INLINE_DATA = re.compile(r"data-inline-formset=\"([^\"]*)\"")


@pytest.mark.parametrize("role", ["editor", "controller", "administrator"])
def test_the_admin_index_is_in_ukrainian_for_each_role(request, as_user, role, program):
    client = as_user(request.getfixturevalue(role))
    page = client.get(reverse("admin:index")).content.decode()
    for label in ("Партнери", "Заходи", "Видатки", "Програми"):
        assert label in page, (role, label)


def test_the_event_form_labels_are_ukrainian(as_user, editor, program):
    page = as_user(editor).get(reverse("admin:activities_event_add")).content.decode()
    assert "Дата початку" in page
    assert "Вхідна делегація" in page or "вхідна делегація" in page


def test_a_person_can_switch_to_english(as_user, editor, program):
    client = as_user(editor)
    client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    page = client.get(reverse("admin:index")).content.decode()
    assert "Partners" in page


def test_a_browser_announcing_english_still_gets_ukrainian(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Увійти" in page


def test_the_partner_admin_speaks_grammatical_ukrainian(as_user, administrator, program):
    from partners.models import Partner

    partner = Partner.objects.create(kind="city", name_uk="Місто Ловеч", country="BG")
    client = as_user(administrator)
    page = client.get(reverse("admin:partners_partner_change", args=[partner.pk])).content
    page = page.decode()
    # Not "Додати ще один Контактна особа": the inline's add link agrees with any noun.
    inlines = [json.loads(html.unescape(data)) for data in INLINE_DATA.findall(page)]
    texts = [inline["options"]["addText"] for inline in inlines]
    assert "Додати ще: Контактна особа" in texts
    assert not [text for text in texts if "ще один" in text]
    assert "Зберегти й додати ще" in page
    index = client.get(reverse("admin:index")).content.decode()
    for english in (
        "Model name",
        "Add link",
        "Access attempts",
        "Access logs",
        "Axes",
        "Pghistory",
    ):
        assert english not in index
