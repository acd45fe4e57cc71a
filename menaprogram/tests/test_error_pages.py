"""The error pages are the app's own and Ukrainian: 400, 403 (and the CSRF 403), 404, 500."""

import pytest
from django.test import Client
from django.urls import path, reverse

from menaprogram import urls as project_urls

pytestmark = pytest.mark.django_db

DJANGO_PAGES = ["Bad Request (400)", "Server Error (500)", "CSRF verification failed", "Not Found"]


def _boom(request):
    raise RuntimeError("a bug in a view")


# This module is the URL configuration of the 500 test: the project's pages and one that fails.
urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["program.example", "testserver"]


def _ours(response, status, heading):
    page = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="h3">{heading}</h1>' in page
    assert '<html lang="uk">' in page and "Менська міська рада" in page
    assert not any(text in page for text in DJANGO_PAGES)
    return page


def test_a_bad_host_gets_our_400_page(client):
    response = client.get("/", HTTP_HOST="evil.example")
    page = _ours(response, 400, "Неправильний запит")
    assert "Перевірте адресу" in page


def test_a_refused_page_gets_our_403_page(as_user, outsider):
    response = as_user(outsider).get(reverse("budget:allocations"))
    _ours(response, 403, "Доступ заборонено")


def test_a_form_without_its_csrf_token_gets_our_403_page():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x"})
    page = _ours(response, 403, "Форму не надіслано")
    assert "оновіть сторінку" in page


def test_a_missing_page_gets_our_404_page(as_user, editor):
    response = as_user(editor).get("/no-such-page/")
    _ours(response, 404, "Сторінку не знайдено")


def test_a_failing_view_gets_our_500_page(as_user, editor, settings):
    settings.ROOT_URLCONF = __name__
    client = as_user(editor)
    client.raise_request_exception = False
    response = client.get("/boom/")
    page = _ours(response, 500, "Помилка сервера")
    assert "повідомте адміністратора" in page
    assert "editor" not in page  # rendered without the request: no user, no menu


def test_the_500_page_follows_the_chosen_language(as_user, editor, settings):
    settings.ROOT_URLCONF = __name__
    client = as_user(editor)
    client.raise_request_exception = False
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/boom/").content.decode()
    assert '<h1 class="h3">Server error</h1>' in page
