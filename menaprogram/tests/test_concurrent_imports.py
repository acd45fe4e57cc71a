"""Imports confirmed at the same moment: no duplicates, and a clean refusal rather than an error.

What a duplicate is depends on the kind. Partners have a natural key, their Ukrainian name
(unique whatever the case), so the same partners file imported twice at once must leave one
partner per name. Expenses have none: two rows with the same date, amount and category can be
two real payments, so a second upload of an expense file is a second set of expenses by design
(the preview says "new" for every row). What must not happen is the *same* upload, waiting
for confirmation, being imported twice: by a double click, or from two tabs at once.
"""

import re
import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.test import Client
from django.urls import reverse

from budget.models import Expense
from conftest import PASSWORD
from menaprogram.importer.engine import constraint_message
from menaprogram.roles import EDITOR
from partners.models import Partner

pytestmark = pytest.mark.django_db(transaction=True)

FILES = Path(__file__).parent / "files"
START = reverse("imports:start")
BUDGET = "Бюджет Менської міської територіальної громади"
HEADER = "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def second_editor(django_user_model):
    user = django_user_model.objects.create_user("editor2", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    return user


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _upload(client, content, kind):
    response = client.post(START, {"kind": kind, "file": SimpleUploadedFile("file.csv", content)})
    assert response.status_code == 302
    return re.search(r"/imports/([\w-]+)/$", response.url).group(1)


def _confirmation(client, token):
    """The confirm post of the preview page, ready to send: (url, data)."""
    page = client.get(reverse("imports:preview", args=[token])).content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    return reverse("imports:confirm", args=[token]), {"submission": submission}


def _race(posts):
    """Send the posts at once, each from its own thread and database connection."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def run(index, client, url, data):
        try:
            barrier.wait()
            responses[index] = client.post(url, data)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, *post)) for index, post in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def _expenses(rows):
    lines = [HEADER] + [f"{1 + n:02d}.05.2023;{n + 1},50;3;{BUDGET}" for n in range(rows)]
    return "\n".join(lines).encode("cp1251")


def test_two_people_importing_the_same_partners_file_at_once_create_no_duplicates(
    program, editor, second_editor
):
    raw = (FILES / "partners-windows-1251.csv").read_bytes()
    first, second = _client(editor), _client(second_editor)
    first_token, second_token = _upload(first, raw, "partners"), _upload(second, raw, "partners")
    posts = [
        (first, *_confirmation(first, first_token)),
        (second, *_confirmation(second, second_token)),
    ]

    responses = _race(posts)

    # Both answers are pages, never a server error: the later import either finds the
    # partners already there (unchanged) or is refused whole with a message.
    assert [response.status_code for response in responses] == [302, 302]
    assert Partner.objects.count() == 3
    names = Partner.objects.annotate(key=Lower("name_uk")).values_list("key", flat=True)
    assert len(set(names)) == 3
    for client, response in zip((first, second), responses, strict=True):
        shown = " ".join(str(message) for message in client.get(response.url).context["messages"])
        assert "Імпортовано" in shown or "Нічого не імпортовано" in shown


def test_one_waiting_expense_file_confirmed_from_two_tabs_at_once_is_imported_once(
    financed, program, editor
):
    first = _client(editor)
    token = _upload(first, _expenses(3), "expenses")
    # Two tabs of one session: each preview page has its own one-time submission token.
    second = Client()
    second.cookies = first.cookies
    posts = [(first, *_confirmation(first, token)), (second, *_confirmation(second, token))]

    responses = _race(posts)

    assert [response.status_code for response in responses] == [302, 302]
    assert Expense.objects.count() == 3


def test_a_double_click_on_confirm_imports_the_expenses_once(financed, program, editor):
    first = _client(editor)
    token = _upload(first, _expenses(3), "expenses")
    second = Client()
    second.cookies = first.cookies
    url, data = _confirmation(first, token)

    responses = _race([(first, url, data), (second, url, data)])

    assert [response.status_code for response in responses] == [302, 302]
    assert Expense.objects.count() == 3


def test_a_rule_broken_in_between_is_named_in_ukrainian(db):
    Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        Partner.objects.create(kind=Partner.Kind.CITY, name_uk="місто ловеч", country="BG")
    message = constraint_message(caught.value)
    assert message and "duplicate key" not in message
