"""The program's own page: a draft edited directly, a program in force amended by a decision."""

import datetime

import pytest
from django.urls import reverse

from activities import amendments, services
from activities.models import Amendment, Department, Event, Program
from menaprogram.tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def _draft(program):
    new, _copied = services.start_next_program(
        source=program,
        title="Програма розвитку на 2025-2027 роки",
        short_title="Програма 2025–2027",
        start_year=2025,
        end_year=2027,
        decision_title="",
        decision_number="",
        decision_date=None,
        parts=("directions",),
    )
    return new


def _url(program):
    return reverse("activities:program-update", args=[program.pk])


def test_administrator_edits_a_draft_and_sets_it_in_force(program, as_user, administrator):
    new = _draft(program)
    client = as_user(administrator)
    page = client.get(_url(new))
    assert 'data-testid="amend-note"' not in page.content.decode()
    data = form_data(
        page,
        developers="Відділ міжнародних зв'язків",
        participants="Структурні підрозділи ради",
        end_year="2028",
        status="active",
    )
    refused = client.post(_url(new), data)
    # In force needs the decision that adopted it.
    assert refused.status_code == 200
    assert "номер і дату рішення" in refused.content.decode()

    data = form_data(
        page,
        developers="Відділ міжнародних зв'язків",
        end_year="2028",
        status="active",
        decision_number="55/2",
        decision_date="19.12.2024",
    )
    response = client.post(_url(new), data)
    assert response.status_code == 302 and response.url == _url(new)
    new.refresh_from_db()
    assert (new.developers, new.end_year, new.status) == (
        "Відділ міжнародних зв'язків",
        2028,
        Program.Status.ACTIVE,
    )
    assert new.decision_date == datetime.date(2024, 12, 19)


def test_a_program_in_force_changes_its_passport_rows_only_through_an_amendment(
    program, as_user, administrator
):
    client = as_user(administrator)
    page = client.get(_url(program))
    html = page.content.decode()
    assert 'data-testid="amend-note"' in html
    assert reverse("activities:amendment-create") in html
    old_title, old_end = program.title, program.end_year
    executor, co_developers = program.responsible_executor, set(program.co_developers.all())
    other = Department.objects.create(name="Відділ, якого немає в паспорті")
    # Rows 4 and 5 too: they name council units, changed by a decision like the others.
    assert {"co_developers", "responsible_executor"} <= {
        name for name, field in page.context["form"].fields.items() if field.disabled
    }
    # A crafted post of a locked row is ignored; the rest is saved.
    data = form_data(page, signatory_name="Геннадій Примаков")
    data.update(
        title="Інша назва",
        end_year="2030",
        developers="Хтось інший",
        responsible_executor=str(other.pk),
        co_developers=[str(other.pk)],
    )
    response = client.post(_url(program), data)
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.title, program.end_year) == (old_title, old_end)
    assert program.developers != "Хтось інший"
    assert program.responsible_executor == executor
    assert set(program.co_developers.all()) == co_developers
    assert program.signatory_name == "Геннадій Примаков"


def test_a_draft_term_is_not_shrunk_past_its_events(program, as_user, administrator):
    new = _draft(program)
    Event.objects.create(
        program=new,
        title="Форум партнерів",
        kind=Event.Kind.CONFERENCE,
        start_date=datetime.date(2027, 5, 1),
        end_date=datetime.date(2027, 5, 1),
    )
    client = as_user(administrator)
    response = client.post(_url(new), form_data(client.get(_url(new)), end_year="2026"))
    assert response.status_code == 200
    assert "Форум партнерів" in response.content.decode()
    new.refresh_from_db()
    assert new.end_year == 2027


def test_a_program_with_adopted_amendments_is_not_a_draft_again(program, as_user, administrator):
    amendment = Amendment.objects.create(
        program=program, title="Зміни", status=Amendment.Status.DRAFT
    )
    amendments.add_change(
        amendment=amendment, kind="passport", target={"field": "control"}, new="Комісія"
    )
    amendments.adopt(
        amendment=amendment,
        decision_number="3/1",
        decision_date=datetime.date(2023, 3, 1),
        act_kind=Amendment.ActKind.COUNCIL_DECISION,
    )
    client = as_user(administrator)
    response = client.post(_url(program), form_data(client.get(_url(program)), status="draft"))
    assert response.status_code == 200
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE


def test_starting_the_next_program_leads_to_its_page_and_the_pages_link_to_it(
    program, as_user, administrator
):
    client = as_user(administrator)
    link = _url(program)
    assert link in client.get(reverse("reports:document-list")).content.decode()
    assert link in client.get(reverse("activities:program-history")).content.decode()


def test_an_administrator_amends_the_responsible_executor_on_the_draft_pages(
    program, as_user, administrator
):
    culture = Department.objects.create(name="Відділ культури")
    old = program.responsible_executor
    amendment = Amendment.objects.create(
        program=program, title="Зміни", status=Amendment.Status.DRAFT
    )
    client = as_user(administrator)
    detail = reverse("activities:amendment-detail", args=[amendment.pk])
    url = reverse("activities:amendment-change", args=[amendment.pk, "units"])
    assert url in client.get(detail).content.decode()
    page = client.get(url)
    assert "Співрозробники або відповідальний виконавець" in page.content.decode()
    response = client.post(
        url,
        form_data(page, field="responsible_executor", departments=[str(culture.pk)]),
    )
    assert response.status_code == 302 and response.url == detail
    html = client.get(detail).content.decode()
    assert "Пункт 5: відповідальний виконавець" in html
    assert old.name in html and "Відділ культури" in html

    amendments.adopt(
        amendment=amendment,
        decision_number="4/2",
        decision_date=datetime.date(2023, 4, 2),
        act_kind=Amendment.ActKind.COUNCIL_DECISION,
    )
    program.refresh_from_db()
    assert program.responsible_executor == culture
    history = client.get(reverse("activities:program-history")).content.decode()
    assert "Відділ культури" in history
