"""Pages of the activities app: the workspace home, the program and year switch, uploads."""

from django.core.exceptions import PermissionDenied, SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from activities import selectors, workspace

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


def home(request):
    """The workspace home: what needs attention in the current program this month."""
    if not request.user.has_perm("activities.view_event"):
        raise PermissionDenied
    current = workspace.current(request)
    context = {}
    if current.program:
        context = selectors.attention(current.program, timezone.localdate())
    return render(request, "activities/home.html", context)


@require_POST
def switch_workspace(request):
    """Choose the program and year shown across the workspace (`<program id>:<year>`)."""
    current = workspace.current(request)
    program_id, _, year = request.POST.get("workspace", "").partition(":")
    chosen = next((p for p in current.programs if str(p.pk) == program_id), None)
    if chosen is None or not year.isdigit() or int(year) not in chosen.years:
        raise Http404
    workspace.choose(request, chosen, int(year))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "home"
    return redirect(back)
