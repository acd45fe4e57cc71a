"""Checks on uploaded scans and photos: the type by content, not by name, and the size."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# The first bytes of each accepted format, with the extensions it may carry.
SIGNATURES = {
    "PDF": (b"%PDF-", (".pdf",)),
    "JPEG": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "PNG": (b"\x89PNG\r\n\x1a\n", (".png",)),
}


def validate_upload(upload):
    """A scan of a signed document or a photo: PDF, JPEG or PNG, within the size limit."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="file_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = upload.name.lower()
    for magic, extensions in SIGNATURES.values():
        if head.startswith(magic) and name.endswith(extensions):
            return
    raise ValidationError(
        _("Only %(types)s files are accepted, and the content must match the name."),
        code="file_type",
        params={"types": ", ".join(SIGNATURES)},
    )
