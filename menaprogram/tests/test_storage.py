"""Uploads on a local folder by default, in an S3-compatible bucket when one is named.

Either way a file's address is the app's, and the app reads it through the storage's
`open()`: a storage with no file system behind it serves scans as the folder does.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings as project_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from menaprogram.storage import ServedByTheApp
from menaprogram.tests.test_settings import manage
from partners.models import Agreement, Partner

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
READ_STORAGE = (
    "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
)


def storage_setting(**env):
    result = manage("shell", "-c", READ_STORAGE, **{"STORAGES_S3_BUCKET": "", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_uploads_stay_in_the_local_folder_by_default():
    assert storage_setting() == {"BACKEND": "menaprogram.storage.LocalStorage"}
    assert project_settings.STORAGES["default"]["BACKEND"] == "menaprogram.storage.LocalStorage"


def test_a_bucket_puts_uploads_in_a_private_s3_storage():
    setting = storage_setting(
        STORAGES_S3_BUCKET="menaprogram-uploads",
        STORAGES_S3_ENDPOINT_URL="https://s3.example.gov.ua",
        STORAGES_S3_REGION="eu-central-1",
        STORAGES_S3_ACCESS_KEY_ID="key-id",
        STORAGES_S3_SECRET_ACCESS_KEY="secret",
    )
    assert setting == {
        "BACKEND": "menaprogram.s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": "menaprogram-uploads",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "endpoint_url": "https://s3.example.gov.ua",
            "region_name": "eu-central-1",
            "access_key": "key-id",
            "secret_key": "secret",
        },
    }


def test_without_keys_boto3_is_left_to_find_its_own():
    options = storage_setting(STORAGES_S3_BUCKET="uploads")["OPTIONS"]
    assert options["bucket_name"] == "uploads"
    assert not {"access_key", "secret_key", "endpoint_url", "region_name"} & set(options)


def test_an_s3_file_is_linked_to_the_app_not_to_the_bucket():
    try:
        from menaprogram.s3 import PrivateS3Storage
    except (ImportError, ImproperlyConfigured):
        pytest.skip("the S3 backend is an optional install: pip install -r requirements-s3.txt")
    storage = PrivateS3Storage(bucket_name="uploads", endpoint_url="https://s3.example.gov.ua")
    assert storage.url("agreements/2023/scan.pdf") == "/files/agreements/2023/scan.pdf"


def test_the_local_folder_links_to_the_app():
    assert default_storage.url("events/2023/фото 1.png") == (
        "/files/events/2023/%D1%84%D0%BE%D1%82%D0%BE%201.png"
    )


class MemoryStorage(ServedByTheApp, InMemoryStorage):
    """A storage with no folder behind it, like a bucket."""


@pytest.fixture
def scan_in_memory(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.MemoryStorage"},
    }
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    agreement = Agreement.objects.create(
        partner=partner,
        title="Договір про співпрацю",
        signed_on=datetime.date(2023, 6, 1),
        scan=SimpleUploadedFile("dogovir.pdf", PDF),
    )
    assert isinstance(default_storage._wrapped, MemoryStorage)
    return agreement


def test_a_scan_is_served_from_a_storage_without_a_file_system(
    as_user, controller, outsider, scan_in_memory, settings
):
    url = scan_in_memory.scan.url
    assert url.startswith("/files/agreements/")
    assert not any(settings.MEDIA_ROOT.iterdir()), "the scan was written to the folder"
    response = as_user(controller).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert as_user(outsider).get(url).status_code == 403


def test_a_file_waiting_for_its_import_lies_in_the_storage_any_server_sees(
    as_user, editor, program, scan_in_memory, settings, django_capture_on_commit_callbacks
):
    """Previewed on one server, confirmed on another: the waiting file is in the storage."""
    client = as_user(editor)
    raw = (Path(__file__).parent / "files" / "partners-windows-1251.csv").read_bytes()
    response = client.post(
        reverse("imports:start"),
        {"kind": "partners", "file": SimpleUploadedFile("partners.csv", raw)},
    )
    assert response.status_code == 302
    token = response.url.rstrip("/").rsplit("/", 1)[1]
    assert default_storage.exists(f"imports/{token}.upload")
    assert not any(settings.MEDIA_ROOT.iterdir()), "the waiting file was written to the folder"
    page = client.get(response.url).content.decode()
    # «Місто Ловеч», the scan's partner, is in the file too.
    assert "новий: 2" in page and "оновлення: 1" in page
    submission = re.search(r'name="submission" value="([^"]+)"', page)
    data = {"submission": submission.group(1)} if submission else {}
    before = Partner.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[token]), data)
    assert Partner.objects.count() == before + 2
    assert not default_storage.exists(f"imports/{token}.upload")
