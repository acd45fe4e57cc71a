"""The import pages: who may use them, upload and preview, confirm once, cancel, queries."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from budget.models import Expense
from menaprogram.import_views import SESSION_KEY
from menaprogram.importer import engine, pending, registry
from partners.models import Partner

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
START = reverse("imports:start")
BUDGET = "Бюджет Менської міської територіальної громади"
HEADER = "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, content, kind="partners", name="file.csv"):
    return client.post(START, {"kind": kind, "file": SimpleUploadedFile(name, content)})


def expenses(rows):
    lines = [HEADER] + [f"{1 + n % 28:02d}.05.2023;{n + 1},50;3;{BUDGET}" for n in range(rows)]
    return "\n".join(lines).encode("cp1251")


def token_of(response):
    return re.search(r"/imports/([\w-]+)/$", response.url).group(1)


def confirm(client, token):
    page = client.get(reverse("imports:preview", args=[token])).content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', page)
    data = {"submission": submission.group(1)} if submission else {}
    return client.post(reverse("imports:confirm", args=[token]), data)


def test_outsider_and_controller_may_not_import(as_user, outsider, controller, program):
    for user in (outsider, controller):
        client = as_user(user)
        assert client.get(START).status_code == 403
        raw = (FILES / "partners-windows-1251.csv").read_bytes()
        assert upload(client, raw).status_code == 403
        template = reverse("imports:template", args=["partners"])
        assert client.get(template).status_code == 403
    assert not Partner.objects.exists()


def test_editor_sees_only_kinds_they_may_add(as_user, editor, program):
    page = as_user(editor).get(START).content.decode()
    assert 'value="expenses"' in page and 'value="partners"' in page
    assert 'value="allocations"' not in page  # allocations are the administrators'
    assert "Річні призначення" not in page


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(
    as_user, editor, program, django_capture_on_commit_callbacks
):
    client = as_user(editor)
    response = upload(client, (FILES / "partners-windows-1251.csv").read_bytes())
    assert response.status_code == 302
    token = token_of(response)
    page = client.get(response.url).content.decode()
    assert "Фонд «Відродження громад»" in page
    assert "новий: 3" in page
    assert "Імпортувати 3 рядки" in page
    assert not Partner.objects.exists()
    assert list((Path(settings.MEDIA_ROOT) / "imports").glob(f"{token}.*"))

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, token)
    assert response.status_code == 302 and response.url == START
    assert Partner.objects.count() == 3
    assert not list((Path(settings.MEDIA_ROOT) / "imports").glob(f"{token}.*"))
    assert "нових — 3" in client.get(START).content.decode()


def test_confirming_twice_imports_once(financed, as_user, editor, program):
    client = as_user(editor)
    token = token_of(upload(client, expenses(3), kind="expenses"))
    page = client.get(reverse("imports:preview", args=[token])).content.decode()
    submission = re.search(r'name="submission" value="([^"]+)"', page).group(1)
    url = reverse("imports:confirm", args=[token])
    assert client.post(url, {"submission": submission}).status_code == 302
    assert client.post(url, {"submission": submission}).status_code == 302
    assert Expense.objects.count() == 3


def test_a_crash_during_confirm_leaves_the_file_to_be_confirmed_again(
    financed, as_user, editor, program, monkeypatch, django_capture_on_commit_callbacks
):
    client = as_user(editor)
    token = token_of(upload(client, expenses(3), kind="expenses"))

    def crash(*args, **kwargs):
        raise ConnectionResetError("the worker died")

    # After the rows were written, before the transaction ends.
    monkeypatch.setattr(engine, "_described", crash)
    with pytest.raises(ConnectionResetError):
        confirm(client, token)
    monkeypatch.undo()
    assert not Expense.objects.exists()
    assert client.get(reverse("imports:preview", args=[token])).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = confirm(client, token)
    assert response.url == START
    assert Expense.objects.count() == 3
    assert not list((Path(settings.MEDIA_ROOT) / "imports").glob(f"{token}.*"))


def test_a_finished_import_is_recognised_though_its_file_was_left_behind(
    financed, editor, program, monkeypatch
):
    raw = expenses(3)
    kind = registry.get("expenses")
    token = pending.store_pending(raw, engine.preview(kind=kind, raw=raw, program=program))
    monkeypatch.setattr(pending, "discard_pending", lambda token: None)

    pending.confirm_pending(token, kind=kind, program=program)
    with pytest.raises(pending.AlreadyImported):
        pending.confirm_pending(token, kind=kind, program=program)
    assert Expense.objects.count() == 3


def test_a_file_that_failed_on_confirm_can_be_confirmed_once_it_can_be_imported(
    financed, editor, program, monkeypatch
):
    raw = expenses(2)
    kind = registry.get("expenses")
    token = pending.store_pending(raw, engine.preview(kind=kind, raw=raw, program=program))
    with monkeypatch.context() as patched:
        patched.setattr(Expense.objects, "bulk_create", _refuse)
        assert not pending.confirm_pending(token, kind=kind, program=program).ok

    assert pending.confirm_pending(token, kind=kind, program=program).ok
    assert Expense.objects.count() == 2


def _refuse(*args, **kwargs):
    raise IntegrityError("disk full")


def test_a_refused_file_stays_on_the_form_with_the_reason_next_to_the_field(
    as_user, editor, program
):
    client = as_user(editor)
    response = upload(client, (FILES / "photo-renamed.csv").read_bytes())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Це не файл CSV і не XLSX" in page
    assert 'id="error_1_id_file"' in page or "invalid-feedback" in page
    assert 'value="partners" selected' in page  # the choice is kept


def test_a_file_with_errors_cannot_be_confirmed_and_says_row_and_column(as_user, editor, program):
    client = as_user(editor)
    raw = (HEADER + f"\n10.05.2023;100;3;{BUDGET}\n11.05.2023;-1;3;{BUDGET}\n").encode()
    response = upload(client, raw, kind="expenses")
    token = token_of(response)
    page = client.get(response.url).content.decode()
    assert "Рядок 3, стовпець «Сума, грн»: Сума має бути більшою за нуль." in page
    assert reverse("imports:confirm", args=[token]) not in page
    # Even posted by hand, the confirmation re-runs the import and writes nothing.
    confirm(client, token)
    assert not Expense.objects.exists()


def test_cancel_discards_the_waiting_file(as_user, editor, program):
    client = as_user(editor)
    token = token_of(upload(client, expenses(2), kind="expenses"))
    response = client.post(reverse("imports:cancel", args=[token]))
    assert response.status_code == 302
    assert token not in client.session.get(SESSION_KEY, {})
    assert not list((Path(settings.MEDIA_ROOT) / "imports").glob(f"{token}.*"))
    response = client.get(reverse("imports:preview", args=[token]))
    assert response.status_code == 302  # gone: back to the start with a message


def test_another_person_cannot_see_or_confirm_someones_file(
    as_user, editor, administrator, program, client
):
    token = token_of(upload(as_user(editor), expenses(2), kind="expenses"))
    client.logout()
    other = as_user(administrator)
    assert other.get(reverse("imports:preview", args=[token])).status_code == 302
    other.post(reverse("imports:confirm", args=[token]))
    assert not Expense.objects.exists()


def test_the_preview_filters_by_outcome_and_paginates(financed, as_user, editor, program):
    client = as_user(editor)
    response = upload(client, expenses(120), kind="expenses")
    page = client.get(response.url).content.decode()
    assert "Сторінка 1 з 3" in page
    page = client.get(response.url + "?show=error").content.decode()
    assert "Таких рядків немає." in page


def test_the_template_lists_the_columns_of_the_kind(as_user, editor):
    response = as_user(editor).get(reverse("imports:template", args=["expenses"]))
    text = response.content.decode("utf-8-sig")
    assert text.startswith("ID;Дата;Сума, грн;")


@pytest.mark.parametrize("rows", [1, 50])
def test_the_preview_page_runs_a_fixed_number_of_queries(
    as_user, editor, program, rows, django_assert_max_num_queries
):
    client = as_user(editor)
    response = upload(client, expenses(rows), kind="expenses")
    # The session, the user and its permissions, the workspace, the program: not the rows,
    # which the preview keeps in a file.
    with django_assert_max_num_queries(8):
        assert client.get(response.url).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_the_start_page_runs_a_fixed_number_of_queries(
    as_user, editor, program, rows, django_assert_max_num_queries
):
    client = as_user(editor)
    upload(client, expenses(rows), kind="expenses")
    with django_assert_max_num_queries(7):
        assert client.get(START).status_code == 200


def test_every_input_has_a_label(as_user, editor, program):
    page = as_user(editor).get(START).content.decode()
    for match in re.finditer(r"<(?:input|select)\b[^>]*>", page):
        tag = match.group(0)
        if 'type="hidden"' in tag or 'type="submit"' in tag:
            continue
        field_id = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'for="{field_id}"' in page, tag


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("private_media")
def test_an_editor_imports_a_file_in_the_browser_and_the_pages_pass_axe(
    live_server, page, editor, program
):
    import json

    from menaprogram.tests.browser import serious_axe_violations, sign_in

    sign_in(page, live_server, "editor", START)
    assert serious_axe_violations(page) == []
    page.get_by_label("Що містить файл").select_option("partners")
    page.get_by_label("Файл*", exact=True).set_input_files(str(FILES / "partners-windows-1251.csv"))
    page.get_by_role("button", name="Перевірити файл").click()
    page.get_by_role("heading", name="Попередній перегляд імпорту").wait_for()
    assert "/imports/" in page.url and page.url != f"{live_server.url}{START}"
    violations = serious_axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False)
    page.get_by_role("button", name="Імпортувати 3 рядки").click()
    page.get_by_text("нових — 3").wait_for()
    assert Partner.objects.count() == 3


# What the progress box shows at each upload event htmx reports, kept in the page's window
# (a boosted page keeps it): the test reads it once the preview is there, no timing involved.
RECORD_PROGRESS = """() => {
  window.seen = [];
  const note = (kind) => {
    const box = document.getElementById("import-working");
    window.seen.push({
      kind,
      value: box.querySelector("progress").getAttribute("value"),
      max: box.querySelector("progress").getAttribute("max"),
      label: box.querySelector("label").textContent,
      text: box.querySelector("[role=status]").textContent.trim(),
      shown: box.offsetParent !== null,
    });
  };
  document.addEventListener("htmx:xhr:progress", () => note("progress"));
  document.addEventListener("htmx:xhr:loadend", () => note("loadend"));
}"""


def _large_partner_file(folder, rows):
    lines = ["Назва українською;Вид;Країна;Примітка"]
    lines += [f"Партнер {n:05};громада-партнер;Польща;{'примітка ' * 100}" for n in range(rows)]
    path = folder / "partners.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("private_media")
def test_a_large_file_fills_a_progress_bar_then_says_how_many_rows_are_checked(
    live_server, page, editor, program, tmp_path
):
    from menaprogram.tests.browser import sign_in

    big = _large_partner_file(tmp_path, 1500)  # about 1.5 MB
    sign_in(page, live_server, "editor", START)
    page.get_by_label("Що містить файл").select_option("partners")
    page.get_by_label("Файл*", exact=True).set_input_files(str(big))
    page.locator("form[data-rows='1500']").wait_for(state="attached")  # the CSV is counted
    page.evaluate(RECORD_PROGRESS)
    page.get_by_role("button", name="Перевірити файл").click()
    page.get_by_role("heading", name="Попередній перегляд імпорту").wait_for()

    seen = page.evaluate("window.seen")
    sending = [state for state in seen if state["kind"] == "progress" and state["value"]]
    assert sending, seen
    assert all(state["shown"] and state["label"] == "Надсилання файлу" for state in sending)
    assert int(sending[-1]["value"]) == int(sending[-1]["max"]) == 100
    checking = next(state for state in seen if state["kind"] == "loadend")
    assert checking["value"] is None  # indeterminate: how long the check takes is unknown
    assert checking["label"] == "Перевірка рядків"
    assert checking["text"] == "Перевіряємо файл… Рядків у ньому: близько 1\xa0500."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("private_media")
def test_without_javascript_the_upload_is_a_plain_form_post(
    live_server, browser, editor, program, tmp_path
):
    from menaprogram.tests.browser import sign_in

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "editor", START)
    page.get_by_label("Що містить файл").select_option("partners")
    page.get_by_label("Файл*", exact=True).set_input_files(str(_large_partner_file(tmp_path, 3)))
    page.get_by_role("button", name="Перевірити файл").click()
    page.get_by_role("heading", name="Попередній перегляд імпорту").wait_for()
    assert page.get_by_role("cell", name="Партнер 00002", exact=True).count() == 1
    context.close()


def test_the_preview_warns_that_rows_look_already_imported_and_says_how_many(
    financed, as_user, editor, program
):
    client = as_user(editor)
    confirm(client, token_of(upload(client, expenses(3), kind="expenses")))
    page = client.get(upload(client, expenses(3), kind="expenses").url).content.decode()
    assert "3 нові рядки схожі на вже імпортовані" in page
    assert "Рядки: 2, 3, 4" in page


def _two_sheet_partners_workbook():
    book = openpyxl.Workbook()
    header = ["Назва українською", "Вид", "Країна"]
    book.active.title = "Старі"
    book.active.append(header)
    book.active.append(["Гміна Тарнув", "city", "PL"])
    newer = book.create_sheet("Нові")
    newer.append(header)
    newer.append(["Місто Ловеч", "city", "BG"])
    newer.append(["Місто Габрово", "city", "BG"])
    book.active = 0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_preview_of_a_workbook_lets_the_person_choose_another_visible_sheet(
    as_user, editor, program
):
    client = as_user(editor)
    response = upload(client, _two_sheet_partners_workbook(), name="partners.xlsx")
    token = token_of(response)
    page = client.get(response.url).content.decode()
    assert "Гміна Тарнув" in page and '<option value="Нові">' in page

    client.post(reverse("imports:sheet", args=[token]), {"sheet": "Нові"})
    page = client.get(response.url).content.decode()
    assert "Місто Ловеч" in page and "Гміна Тарнув" not in page
    assert '<option value="Нові" selected>' in page

    confirm(client, token)
    assert sorted(Partner.objects.values_list("name_uk", flat=True)) == [
        "Місто Габрово",
        "Місто Ловеч",
    ]
