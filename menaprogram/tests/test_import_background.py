"""A large file is checked by a background job; its page polls until the preview is there."""

import datetime
import gc
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget.models import Expense
from menaprogram import import_views, tasks
from menaprogram.importer import engine, pending
from menaprogram.models import JobFailure

pytestmark = pytest.mark.django_db

START = reverse("imports:start")
BUDGET = "Бюджет Менської міської територіальної громади"
HEADER = "Дата;Сума, грн;Напрям використання коштів (номер);Джерело фінансування"
CHECKING = "Файл перевіряється…"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def small_limit(monkeypatch):
    """Files above 1 KB go to the background: a few rows are enough to test the path."""
    monkeypatch.setattr(import_views, "BACKGROUND_BYTES", 1024)


def expenses(rows, header=HEADER):
    # Small amounts, each its own: thousands of rows stay within the category's financing.
    lines = [header] + [
        f"{1 + n % 28:02d}.05.2023;{n // 100 + 1},{n % 100:02d};3;{BUDGET}" for n in range(rows)
    ]
    return "\n".join(lines).encode("cp1251")


def upload(client, content, kind="expenses", name="file.csv"):
    response = client.post(START, {"kind": kind, "file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return re.search(r"/imports/([\w-]+)/$", response.url).group(1)


def poll(client, token):
    return client.get(reverse("imports:preview", args=[token]), {"poll": 1})


def main_of(page):
    """The page's main text, tags and spacing gone (the CSRF token differs on every page)."""
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def page_of(client, token):
    return client.get(reverse("imports:preview", args=[token])).content.decode()


def confirm(client, token):
    page = page_of(client, token)
    submission = re.search(r'name="submission" value="([^"]+)"', page)
    data = {"submission": submission.group(1)} if submission else {}
    return client.post(reverse("imports:confirm", args=[token]), data)


def waiting_files(token):
    return sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "imports").glob(f"{token}.*"))


def test_a_file_above_the_limit_is_checked_by_a_job_and_a_small_one_in_the_request(
    financed, as_user, editor, program, jobs_in_memory
):
    client = as_user(editor)
    small = upload(client, expenses(3))
    assert "новий: 3" in page_of(client, small)
    assert not jobs_in_memory.jobs

    large = expenses(4500)  # about 290 KB: some 4,500 rows take a few seconds to check
    assert len(large) > import_views.BACKGROUND_BYTES
    token = upload(client, large)
    assert CHECKING in page_of(client, token)
    assert "menaprogram.tasks.check_import" in {
        job["task_name"] for job in jobs_in_memory.jobs.values()
    }
    jobs_in_memory.run()
    text = main_of(page_of(client, token))
    assert re.search(r"новий: 4\W?500 ", text), text[:700]


def test_the_page_polls_until_the_job_has_checked_the_file_then_shows_the_preview(
    small_limit,
    financed,
    as_user,
    editor,
    program,
    jobs_in_memory,
    django_capture_on_commit_callbacks,
):
    client = as_user(editor)
    token = upload(client, expenses(40))
    page = page_of(client, token)
    assert CHECKING in page
    assert f'data-hx-get="/imports/{token}/?poll=1"' in page
    assert 'data-hx-trigger="every 2s"' in page
    assert "новий:" not in page
    assert poll(client, token).status_code == 204
    # Confirming before there is a preview imports nothing: back to the page.
    assert confirm(client, token).url == reverse("imports:preview", args=[token])
    assert not Expense.objects.exists()

    jobs_in_memory.run()
    assert {job["status"] for job in jobs_in_memory.jobs.values()} == {"succeeded"}
    answer = poll(client, token)
    assert answer.status_code == 200 and answer["HX-Refresh"] == "true"
    page = page_of(client, token)
    assert CHECKING not in page
    assert "новий: 40" in page and "Імпортувати 40 рядків" in page
    assert not Expense.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(client, token).url == START
    assert Expense.objects.count() == 40
    assert waiting_files(token) == []


def test_running_the_check_again_writes_the_same_preview_and_nothing_else(
    small_limit, financed, as_user, editor, program, jobs_in_memory
):
    client = as_user(editor)
    token = upload(client, expenses(40))
    (job,) = jobs_in_memory.jobs.values()
    jobs_in_memory.run()
    first = main_of(page_of(client, token))
    assert waiting_files(token) == [f"{token}.json", f"{token}.upload"]

    # The same job once more (a retry, a duplicate delivery): it finds its check done.
    from menaprogram.tasks import check_import

    check_import.defer(**job["args"])
    jobs_in_memory.run()
    assert main_of(page_of(client, token)) == first
    assert waiting_files(token) == [f"{token}.json", f"{token}.upload"]
    assert not Expense.objects.exists()


def test_a_file_refused_by_the_check_says_why_in_ukrainian_and_offers_no_retry(
    small_limit, as_user, editor, program, jobs_in_memory
):
    client = as_user(editor)
    token = upload(client, expenses(40, header="Дата;Щось інше"))
    jobs_in_memory.run()
    assert poll(client, token)["HX-Refresh"] == "true"
    page = page_of(client, token)
    assert "Файл не вдалося перевірити" in page
    assert "Сума, грн" in page  # the missing column is named
    assert "Перевірити файл ще раз" not in page
    assert "Відкинути цей файл" in page


def test_a_pdf_is_refused_at_once_however_large(
    small_limit, as_user, editor, program, jobs_in_memory
):
    client = as_user(editor)
    response = client.post(
        START,
        {"kind": "expenses", "file": SimpleUploadedFile("a.csv", b"%PDF-1.7\n" + b"x" * 5000)},
    )
    assert response.status_code == 200
    assert "Це документ PDF, а не таблиця" in main_of(response.content.decode())
    assert not jobs_in_memory.jobs


def test_a_check_that_crashed_can_be_run_again_from_its_page(
    small_limit, financed, as_user, editor, program, jobs_in_memory, monkeypatch
):
    client = as_user(editor)
    token = upload(client, expenses(40))

    def crash(**kwargs):
        raise MemoryError("the server ran out of memory")

    with monkeypatch.context() as patched:
        patched.setattr(engine, "preview", crash)
        jobs_in_memory.run()
    assert JobFailure.objects.get().task_name == "menaprogram.tasks.check_import"
    assert poll(client, token)["HX-Refresh"] == "true"
    page = page_of(client, token)
    assert "Файл не вдалося перевірити через помилку на сервері" in page
    assert "Перевірити файл ще раз" in page

    client.post(reverse("imports:sheet", args=[token]), {"sheet": ""})
    assert CHECKING in page_of(client, token)
    jobs_in_memory.run()
    assert "новий: 40" in page_of(client, token)


def test_a_check_lost_with_its_worker_is_offered_again_and_the_old_job_does_nothing(
    small_limit, financed, as_user, editor, program, jobs_in_memory, monkeypatch
):
    client = as_user(editor)
    token = upload(client, expenses(40))
    # The worker died with the job: nothing ran, the page waits; some minutes later…
    with monkeypatch.context() as later:
        later.setattr(pending, "CHECK_LOST_AFTER", datetime.timedelta(0))
        assert poll(client, token)["HX-Refresh"] == "true"
        page = page_of(client, token)
        assert "Перевірка не завершилася за 0 хвилин" in main_of(page)
        assert "Перевірити файл ще раз" in page

        client.post(reverse("imports:sheet", args=[token]), {"sheet": ""})
    assert poll(client, token).status_code == 204
    jobs_in_memory.run()  # the lost job (superseded: does nothing) and the new one
    checks = [j for j in jobs_in_memory.jobs.values() if j["task_name"].endswith("check_import")]
    assert [job["status"] for job in checks] == ["succeeded", "succeeded"]
    text = main_of(page_of(client, token))
    assert "новий: 40" in text, text[:700]
    assert waiting_files(token) == [f"{token}.json", f"{token}.upload"]


def test_a_file_cancelled_while_being_checked_leaves_nothing_for_the_job(
    small_limit, as_user, editor, program, jobs_in_memory
):
    client = as_user(editor)
    token = upload(client, expenses(40))
    client.post(reverse("imports:cancel", args=[token]))
    jobs_in_memory.run()
    assert {job["status"] for job in jobs_in_memory.jobs.values()} == {"succeeded"}
    assert waiting_files(token) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_a_large_file_shows_checking_then_its_preview_once_a_worker_ran(
    live_server, page, editor, financed, tmp_path, monkeypatch
):
    import threading

    from django.db import connections
    from procrastinate.contrib.django import app

    from menaprogram.tests.browser import sign_in

    monkeypatch.setattr(import_views, "BACKGROUND_BYTES", 1024)
    big = tmp_path / "expenses.csv"
    big.write_bytes(expenses(60))
    sign_in(page, live_server, "editor", START)
    page.get_by_label("Що містить файл").select_option("expenses")
    page.get_by_label("Файл*", exact=True).set_input_files(str(big))
    page.get_by_role("button", name="Перевірити файл").click()
    page.get_by_text(CHECKING).wait_for()
    assert page.get_by_role("button", name="Відкинути цей файл").is_visible()

    # The worker, here in the test's process, on the live server's database; in a thread
    # of its own, as Playwright's event loop runs in this one; with the connector
    # `manage.py procrastinate worker` uses.
    def work():
        with app.replace_connector(app.connector.get_worker_connector()):
            app.run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
        connections.close_all()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=120)
    page.get_by_text("новий: 60").wait_for(timeout=15_000)  # the page polled, then reloaded
    assert CHECKING not in page.content()
    page.get_by_role("button", name="Імпортувати 60 рядків").click()
    page.get_by_text("нових — 60").wait_for()
    assert Expense.objects.count() == 60


def test_the_job_checks_a_file_with_the_cycle_collector_paused_and_turns_it_back_on(
    small_limit, financed, as_user, editor, program, jobs_in_memory, monkeypatch
):
    # A large file's objects all live until its preview is written: the collector walking
    # them again and again as they grew was a third of a 50,000-row check.
    previewed = engine.preview
    seen = []

    def preview(**kwargs):
        seen.append(gc.isenabled())
        return previewed(**kwargs)

    monkeypatch.setattr(engine, "preview", preview)
    token = upload(as_user(editor), expenses(40))
    jobs_in_memory.run()
    assert seen == [False]
    assert gc.isenabled()
    assert waiting_files(token) == [f"{token}.json", f"{token}.upload"]


def test_the_cycle_collector_comes_back_when_the_last_of_two_threads_ends():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with tasks.cycles_collected_after():
            first_in.set()
            second_in.wait(5)
        seen["after the first"] = gc.isenabled()
        first_out.set()

    def second():
        first_in.wait(5)
        with tasks.cycles_collected_after():
            second_in.set()
            first_out.wait(5)
            seen["while the second runs"] = gc.isenabled()
        seen["after both"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"after the first": False, "while the second runs": False, "after both": True}
