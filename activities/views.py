"""Pages of the activities app."""

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

# Uploaded files live under a folder per kind; reading one needs the right to view that kind.
UPLOAD_PERMISSIONS = {
    "agreements": "partners.view_agreement",
    "events": "activities.view_eventfile",
    "amendments": "activities.view_amendment",
}


def serve_upload(request, path):
    """An uploaded scan or photo, to signed-in people whose role may see its record."""
    permission = UPLOAD_PERMISSIONS.get(path.split("/", 1)[0])
    if permission is None:
        raise Http404
    if not request.user.has_perm(permission):
        raise PermissionDenied
    try:
        handle = default_storage.open(path)
    except (FileNotFoundError, SuspiciousFileOperation):
        raise Http404 from None
    return FileResponse(handle)
