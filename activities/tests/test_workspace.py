"""The program and year chosen in the header."""

import pytest
from django.urls import reverse

from activities.models import Program

pytestmark = pytest.mark.django_db

HOME = reverse("home")
SWITCH = reverse("switch-workspace")


def test_the_workspace_defaults_to_the_last_year_of_a_finished_program(program, as_user, editor):
    response = as_user(editor).get(HOME)
    assert response.status_code == 200
    assert response.context["workspace"].program == program
    # Today is after 2024: the program's last year is the one still being reported on.
    assert response.context["workspace"].year == 2024


def test_switching_the_year_carries_to_the_next_pages(program, as_user, controller):
    client = as_user(controller)
    response = client.post(SWITCH, {"workspace": f"{program.pk}:2023", "next": "/partners/"})
    assert response.status_code == 302
    assert response.url == "/partners/"
    assert client.get("/partners/").context["workspace"].year == 2023


def test_a_year_outside_the_term_cannot_be_chosen(program, as_user, editor):
    client = as_user(editor)
    assert client.post(SWITCH, {"workspace": f"{program.pk}:2031"}).status_code == 404
    assert client.post(SWITCH, {"workspace": "nonsense"}).status_code == 404


def test_the_switch_never_redirects_to_another_site(program, as_user, editor):
    response = as_user(editor).post(
        SWITCH, {"workspace": f"{program.pk}:2022", "next": "https://evil.example/"}
    )
    assert response.url == HOME


def test_the_switch_offers_every_year_of_every_program(program, as_user, editor):
    Program.objects.create(
        title="Наступна програма", short_title="2025–2027", start_year=2025, end_year=2027
    )
    html = as_user(editor).get(HOME).content.decode()
    for year in range(2022, 2028):
        assert f">{year}<" not in html  # years are never printed with a thousands separator
        assert f"· {year}</option>" in html
        assert f':{year}"' in html  # the option's value, posted back as is


@pytest.mark.parametrize("year", ["²", "٢٠٢٣", "2023\x00", "9" * 30])
def test_a_year_that_is_not_plain_digits_is_not_found(program, as_user, editor, year):
    client = as_user(editor)
    assert client.post(SWITCH, {"workspace": f"{program.pk}:{year}"}).status_code == 404
    assert client.get(reverse("budget:budget"), {"year": year}).status_code == 404


def test_a_link_with_a_program_and_year_opens_them_and_the_workspace_stays_there(
    program, as_user, controller
):
    """A reminder about 2023 links to `?workspace=<id>:2023`, whichever program is chosen."""
    newer = Program.objects.create(
        title="Наступна програма", short_title="2025–2027", start_year=2025, end_year=2027
    )
    client = as_user(controller)
    client.post(SWITCH, {"workspace": f"{newer.pk}:2026"})
    response = client.get(reverse("budget:budget"), {"workspace": f"{program.pk}:2023"})
    assert (response.context["workspace"].program, response.context["workspace"].year) == (
        program,
        2023,
    )
    assert client.get("/partners/").context["workspace"].program == program


@pytest.mark.parametrize("asked", ["", "nonsense", "{newer}:2023", "{newer}", "999999:2026"])
def test_a_link_to_a_year_outside_its_programs_term_leaves_the_workspace_as_it_was(
    program, as_user, controller, asked
):
    newer = Program.objects.create(
        title="Наступна програма", short_title="2025–2027", start_year=2025, end_year=2027
    )
    client = as_user(controller)
    client.post(SWITCH, {"workspace": f"{program.pk}:2023"})
    response = client.get(reverse("budget:budget"), {"workspace": asked.format(newer=newer.pk)})
    assert (response.context["workspace"].program, response.context["workspace"].year) == (
        program,
        2023,
    )
