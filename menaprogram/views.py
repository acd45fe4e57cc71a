"""Views of the project package: uploaded files, served to the people whose role may see them."""

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

# Uploaded files live under a folder per kind; reading one needs the right to view that kind.
UPLOAD_PERMISSIONS = {
    "agreements": "partners.view_agreement",
    "events": "activities.view_eventfile",
    "amendments": "activities.view_amendment",
}


@require_safe
def serve_upload(request, path):
    """An uploaded scan or photo, to signed-in people whose role may see its record."""
    parts = path.split("/")
    # `agreements/../imports/…` (or `%2e%2e`, which arrives decoded) would pass the folder's
    # check and reach a folder no URL serves: the storage only keeps paths inside MEDIA_ROOT.
    if any(part in ("", ".", "..") for part in parts):
        raise Http404
    permission = UPLOAD_PERMISSIONS.get(parts[0])
    if permission is None:
        raise Http404
    if not request.user.has_perm(permission):
        raise PermissionDenied
    try:
        handle = default_storage.open(path)
    # A folder, a NUL byte or a name too long for the file system is no file either.
    except (OSError, ValueError, SuspiciousFileOperation):
        raise Http404 from None
    return FileResponse(handle)
