"""A form posted twice (double click, reload) saves one row and lands where the first went."""

import pytest
from django.urls import reverse

from partners.models import Partner

pytestmark = pytest.mark.django_db

CREATE = reverse("partners:partner-create")
TOKEN = "6f1c1f0e-4a59-4a43-9d57-0e0c0d6d5b1a"


def _partner(**extra):
    return {
        "kind": Partner.Kind.CITY,
        "name_uk": "Місто Ловеч",
        "country": "BG",
        "status": Partner.Status.ACTIVE,
        "submission": TOKEN,
        **extra,
    }


def test_a_form_posted_twice_saves_one_row(as_user, editor):
    client = as_user(editor)
    first = client.post(CREATE, _partner())
    second = client.post(CREATE, _partner())
    assert Partner.objects.count() == 1
    assert second.status_code == 302
    assert second.url == first.url


def test_a_form_with_errors_can_be_corrected_and_sent_again(as_user, editor):
    client = as_user(editor)
    refused = client.post(CREATE, _partner(name_uk=""))
    assert refused.status_code == 200
    assert refused.context["form"]["submission"].value() == TOKEN
    assert client.post(CREATE, _partner()).status_code == 302
    assert Partner.objects.count() == 1


def test_each_new_form_carries_a_fresh_token(as_user, editor):
    client = as_user(editor)
    first = client.get(CREATE).context["form"]["submission"].value()
    second = client.get(CREATE).context["form"]["submission"].value()
    assert first and second and first != second


def test_another_persons_token_does_not_redirect_to_their_row(as_user, editor, administrator):
    as_user(editor).post(CREATE, _partner())
    response = as_user(administrator).post(CREATE, _partner(name_uk="Гміна Тарнув"))
    # The token is taken: the second person is sent back to an empty form, nothing is saved.
    assert response.status_code == 302
    assert response.url == CREATE
    assert Partner.objects.count() == 1
