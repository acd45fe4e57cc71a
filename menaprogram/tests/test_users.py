"""The users page and `create_user`: a role is enough, and an administrator always remains."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from menaprogram import users
from menaprogram.roles import ADMINISTRATOR, CONTROLLER, EDITOR
from menaprogram.tests.html_forms import form_data

pytestmark = pytest.mark.django_db

LIST = reverse("users:user-list")
CREATE = reverse("users:user-create")


def _update(person):
    return reverse("users:user-update", args=[person.pk])


def _roles(person):
    return sorted(person.groups.values_list("name", flat=True))


# --- manage.py create_user ---------------------------------------------------------------------


def test_create_user_gives_the_role_and_prints_a_generated_password_once(capsys):
    call_command("create_user", "olena", "--role", "editor", "--email", "olena@mena.gov.ua")
    out = capsys.readouterr().out
    user = get_user_model().objects.get(username="olena")
    password = out.split("with password ")[1].split(" ")[0]
    assert user.check_password(password)
    assert (_roles(user), user.is_staff, user.is_superuser) == ([EDITOR], False, False)
    assert user.email == "olena@mena.gov.ua"


def test_create_user_as_admin_opens_the_admin_with_the_given_password(capsys):
    call_command("create_user", "ivan", "--role", "admin", "--password", "довгий-пароль-2024")
    user = get_user_model().objects.get(username="ivan")
    assert user.check_password("довгий-пароль-2024")
    assert "довгий-пароль-2024" not in capsys.readouterr().out
    assert (_roles(user), user.is_staff) == ([ADMINISTRATOR], True)


def test_create_user_refuses_a_taken_name_and_a_weak_password():
    call_command("create_user", "olena", "--role", "controller", "--password", "x" * 7 + "y" * 7)
    with pytest.raises(CommandError, match="already exists"):
        call_command("create_user", "olena", "--role", "editor")
    with pytest.raises(CommandError):
        call_command("create_user", "petro", "--role", "editor", "--password", "12345")
    assert not get_user_model().objects.filter(username="petro").exists()


def test_create_user_refuses_an_unknown_role():
    with pytest.raises(CommandError):
        call_command("create_user", "olena", "--role", "boss")


# --- the page ----------------------------------------------------------------------------------


def test_only_administrators_reach_the_users_page(as_user, editor, controller, administrator):
    assert as_user(editor).get(LIST).status_code == 403
    assert as_user(controller).get(LIST).status_code == 403
    page = as_user(administrator).get(LIST)
    assert page.status_code == 200
    assert "Редактор" in page.content.decode()


def test_users_page_queries_do_not_grow_with_people(
    as_user, administrator, django_assert_max_num_queries
):
    for number in range(30):
        users.create_user(username=f"person{number}", role=EDITOR, password="x" * 16)
    client = as_user(administrator)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_administrator_creates_a_controller_and_sees_the_generated_password_once(
    as_user, administrator
):
    client = as_user(administrator)
    data = form_data(
        client.get(CREATE), CREATE, username="secretary", role=CONTROLLER, first_name="Оксана"
    )
    response = client.post(CREATE, data)
    person = get_user_model().objects.get(username="secretary")
    assert response["Location"] == _update(person)
    assert (_roles(person), person.is_staff) == ([CONTROLLER], False)
    page = client.get(_update(person)).content.decode()
    assert "показано лише цього разу" in page
    password = page.split("<code>")[1].split("</code>")[0]
    assert person.check_password(password)
    assert "<code>" not in client.get(_update(person)).content.decode()


def test_a_new_user_form_with_errors_keeps_the_input(as_user, administrator):
    client = as_user(administrator)
    data = form_data(
        client.get(CREATE),
        CREATE,
        username="secretary",
        email="secretary@mena.gov.ua",
        role=EDITOR,
        password1="довгий-пароль-2024",
        password2="інший-пароль-2024",
    )
    response = client.post(CREATE, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Паролі не збігаються." in body
    assert "secretary@mena.gov.ua" in body
    assert not get_user_model().objects.filter(username="secretary").exists()


def test_role_change_moves_the_admin_door_with_it(as_user, administrator):
    person, _password = users.create_user(username="olena", role=EDITOR, password="x" * 16)
    client = as_user(administrator)
    page = client.get(_update(person))
    response = client.post(_update(person), form_data(page, _update(person), role=ADMINISTRATOR))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (_roles(person), person.is_staff) == ([ADMINISTRATOR], True)
    page = client.get(_update(person))
    client.post(_update(person), form_data(page, _update(person), role=EDITOR))
    person.refresh_from_db()
    assert (_roles(person), person.is_staff) == ([EDITOR], False)


def test_administrator_deactivates_and_reactivates_a_user(as_user, administrator):
    person, _password = users.create_user(username="olena", role=EDITOR, password="x" * 16)
    client = as_user(administrator)
    page = client.get(_update(person))
    client.post(_update(person), form_data(page, _update(person), is_active=[]))
    person.refresh_from_db()
    assert not person.is_active
    page = client.get(_update(person))
    client.post(_update(person), form_data(page, _update(person), is_active="on"))
    person.refresh_from_db()
    assert person.is_active


def test_the_only_administrator_cannot_demote_or_deactivate_themselves(as_user, administrator):
    client = as_user(administrator)
    page = client.get(_update(administrator))
    demoted = client.post(
        _update(administrator), form_data(page, _update(administrator), role=EDITOR)
    )
    assert demoted.status_code == 200
    assert "Має залишитися принаймні один активний адміністратор" in demoted.content.decode()
    page = client.get(_update(administrator))
    off = client.post(_update(administrator), form_data(page, _update(administrator), is_active=[]))
    assert "Ви не можете вимкнути власний обліковий запис" in off.content.decode()
    administrator.refresh_from_db()
    assert (_roles(administrator), administrator.is_active) == ([ADMINISTRATOR], True)


def test_an_administrator_may_step_down_when_another_remains(as_user, administrator):
    users.create_user(username="second", role=ADMINISTRATOR, password="x" * 16)
    client = as_user(administrator)
    page = client.get(_update(administrator))
    response = client.post(
        _update(administrator), form_data(page, _update(administrator), role=EDITOR)
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert _roles(administrator) == [EDITOR]


def test_the_last_other_administrator_cannot_be_deactivated_by_a_superuser(django_user_model):
    root = django_user_model.objects.create_superuser("root", password="x" * 16)
    admin, _password = users.create_user(username="admin2", role=ADMINISTRATOR, password="x" * 16)
    users.update_user(user=root, by=admin, role=EDITOR, is_active=True)  # admin2 remains
    with pytest.raises(ValidationError):
        users.update_user(user=admin, by=root, role=ADMINISTRATOR, is_active=False)
    admin.refresh_from_db()
    assert admin.is_active


def test_password_reset_generates_one_shown_once(as_user, administrator):
    person, _password = users.create_user(username="olena", role=EDITOR, password="x" * 16)
    client = as_user(administrator)
    reset = reverse("users:user-password", args=[person.pk])
    assert client.get(reset)["Location"] == _update(person) + "#password"
    page = client.get(_update(person))
    response = client.post(reset, form_data(page, reset))
    assert response.status_code == 302
    body = client.get(_update(person)).content.decode()
    new = body.split("<code>")[1].split("</code>")[0]
    person.refresh_from_db()
    assert person.check_password(new)
    assert not person.check_password("x" * 16)


def test_password_reset_to_a_chosen_one_is_validated(as_user, administrator):
    person, _password = users.create_user(username="olena", role=EDITOR, password="x" * 16)
    client = as_user(administrator)
    reset = reverse("users:user-password", args=[person.pk])
    page = client.get(_update(person))
    short = client.post(reset, form_data(page, reset, password1="коротко", password2="коротко"))
    assert short.status_code == 200
    person.refresh_from_db()
    assert person.check_password("x" * 16)
    page = client.get(_update(person))
    client.post(
        reset, form_data(page, reset, password1="нове-довге-гасло", password2="нове-довге-гасло")
    )
    person.refresh_from_db()
    assert person.check_password("нове-довге-гасло")


def test_an_administrator_resetting_their_own_password_stays_signed_in(as_user, administrator):
    client = as_user(administrator)
    reset = reverse("users:user-password", args=[administrator.pk])
    page = client.get(_update(administrator))
    client.post(reset, form_data(page, reset))
    assert client.get(LIST).status_code == 200
