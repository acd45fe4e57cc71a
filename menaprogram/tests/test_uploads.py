"""Uploaded scans and photos: checked by content and size, served only to allowed roles."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from menaprogram.files import validate_upload
from partners.models import Agreement, Partner

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_pdf_scan_is_accepted():
    validate_upload(SimpleUploadedFile("scan.pdf", PDF))


def test_a_program_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 an executable"))
    assert caught.value.code == "file_type"


def test_a_png_named_pdf_is_refused():
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("scan.pdf", b"\x89PNG\r\n\x1a\n...."))


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("scan.pdf", PDF + b"0" * 200))
    assert caught.value.code == "file_too_large"


@pytest.fixture
def agreement_with_scan(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partner = Partner.objects.create(kind=Partner.Kind.CITY, name_uk="Місто Ловеч", country="BG")
    return Agreement.objects.create(
        partner=partner,
        title="Договір про співпрацю",
        signed_on=datetime.date(2023, 6, 1),
        scan=SimpleUploadedFile("dogovir.pdf", PDF),
    )


def test_anonymous_visitors_cannot_download_a_scan(client, agreement_with_scan):
    response = client.get(agreement_with_scan.scan.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_controller_downloads_a_scan(as_user, controller, agreement_with_scan):
    response = as_user(controller).get(agreement_with_scan.scan.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_person_without_a_role_cannot_download_a_scan(as_user, outsider, agreement_with_scan):
    assert as_user(outsider).get(agreement_with_scan.scan.url).status_code == 403


def test_paths_outside_the_upload_folders_are_not_served(as_user, administrator):
    client = as_user(administrator)
    assert client.get("/files/agreements/../../settings.py").status_code == 404
    assert client.get("/files/other/file.pdf").status_code == 404


def test_a_path_that_climbs_out_of_its_folder_is_not_served(
    as_user, controller, agreement_with_scan, settings
):
    # A file waiting for an import's confirmation lies in the private imports/ folder,
    # which no URL serves; a controller may read agreements/, but not climb out of it.
    pending = Path(settings.MEDIA_ROOT) / "imports"
    pending.mkdir()
    (pending / "token.upload").write_bytes(b"ID;Name\n1;secret\n")
    client = as_user(controller)
    for path in (
        "/files/agreements/../imports/token.upload",
        "/files/agreements/%2e%2e/imports/token.upload",
        "/files/agreements//../imports/token.upload",
    ):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize(
    "path",
    [
        "agreements",  # the folder itself
        f"agreements/{datetime.date.today():%Y}",
        "agreements/scan\x00.pdf",
        "agreements/%00.pdf",
        "agreements/" + "я" * 300 + ".pdf",
    ],
)
def test_a_folder_a_nul_byte_or_an_overlong_name_is_not_found(
    as_user, controller, agreement_with_scan, path
):
    assert as_user(controller).get(f"/files/{path}").status_code == 404


def test_a_scan_cannot_be_posted_to_or_deleted(as_user, controller, agreement_with_scan):
    client = as_user(controller)
    url = agreement_with_scan.scan.url
    assert client.post(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert client.put(url).status_code == 405
    assert agreement_with_scan.scan.storage.exists(agreement_with_scan.scan.name)
