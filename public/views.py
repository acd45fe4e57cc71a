"""The public pages: the program, its execution, events, partners, the feed and the sitemap;
and the workspace's register of withheld items."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from activities.models import AnnualReport, Direction
from menaprogram.params import whole_number
from public import cache, rules, selectors
from public.filters import PublicEventFilter
from reports import views as report_views
from reports.documents import REGISTRY
from reports.pdf import finished_document, render_pdf

EVENTS_PER_PAGE = 25


def _program_or_404():
    program = selectors.public_program()
    if program is None:
        raise Http404
    return program


@login_not_required
@require_safe
def home(request):
    """`/`: the public home to anyone not signed in; staff land on their workspace."""
    if request.user.is_authenticated:
        return report_views.home(request)
    return public_home(request)


@login_not_required
@require_safe
@cache.public_page(reads_budget=False)
def public_home(request):
    program = selectors.public_program()
    context = {"program": program, "latest": selectors.latest_events(5)}
    if program is not None:
        context["years"] = list(program.years)
    return render(request, "public/home.html", context)


@login_not_required
@require_safe
@cache.public_page
def program_page(request):
    program = _program_or_404()
    return render(request, "public/program.html", selectors.program_overview(program))


@login_not_required
@require_safe
@cache.public_page
def execution_page(request, year):
    program = _program_or_404()
    if year not in program.years:
        raise Http404
    context = selectors.execution(program, year)
    context["years"] = list(program.years)
    return render(request, "public/execution.html", context)


@login_not_required
@require_safe
@cache.public_page(reads_budget=False)
def documents_page(request):
    program = _program_or_404()
    context = selectors.documents(program)
    context["program"] = program
    return render(request, "public/documents.html", context)


@login_not_required
@require_safe
@cache.public_page(reads_budget=False)
def event_list(request):
    program = selectors.public_program()
    events = selectors.events_for_filter()
    countries = (
        rules.visible_events().exclude(country="").values_list("country", flat=True).distinct()
    )
    filters = PublicEventFilter(
        request.GET or None,
        queryset=events,
        years=sorted({y for p in rules.public_programs() for y in p.years}, reverse=True),
        country_codes=sorted(set(countries)),
        directions=Direction.objects.filter(program=program).order_by("number") if program else [],
    )
    filtered = filters.apply(events) if filters.is_bound else events
    page = Paginator(filtered, EVENTS_PER_PAGE).get_page(whole_number(request.GET.get("page")))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/event_list.html",
        {
            "filter": filters,
            "page_obj": page,
            "events": page.object_list,
            "query_string": query.urlencode(),
        },
    )


@login_not_required
@require_safe
@cache.public_page(reads_budget=False)
def event_detail(request, pk):
    context = selectors.event_detail(pk)
    return render(request, "public/event_detail.html", context)


@login_not_required
@require_safe
@cache.public_page(reads_budget=False)
def partner_list(request):
    return render(request, "public/partner_list.html", {"partners": selectors.partner_list()})


@login_not_required
@require_safe
@cache.public_page(reads_budget=False)
def partner_detail(request, pk):
    return render(request, "public/partner_detail.html", selectors.partner_detail(pk))


@login_not_required
@require_safe
@cache.public_page(reads_budget=False)
def feed(request):
    """An Atom feed of the events the public may see, the newest first."""
    events = selectors.latest_events(50)
    updated = max((e.end_date for e in events), default=timezone.localdate())
    return render(
        request,
        "public/feed.xml",
        {"events": events, "updated": updated},
        content_type="application/atom+xml; charset=utf-8",
    )


@login_not_required
@require_safe
@cache.public_page(reads_budget=False)
def sitemap(request):
    return render(
        request,
        "public/sitemap.xml",
        {
            "program": selectors.public_program(),
            "events": rules.visible_events().order_by("pk").only("pk", "end_date"),
            "partners": rules.visible_partners().order_by("pk").only("pk"),
        },
        content_type="application/xml; charset=utf-8",
    )


def _pdf(request, program, document_id, year):
    """The public edition of an adopted document, cached apart from the staff's (its own key:
    a staff PDF, which names what the public edition restricts, is never served here)."""
    document = REGISTRY[document_id]
    content = finished_document(
        f"{document.id}:public",
        program,
        year,
        None,
        "pdf",
        lambda: render_pdf(
            document.pdf_template_name,
            document.get_context(program, year, edition=selectors.public_edition()),
            request,
        ),
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = document.filename(program, year, "pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_not_required
@require_safe
def annual_report_pdf(request, year):
    """The annual report the council took note of (a year without the decision: 404)."""
    program = _program_or_404()
    if not AnnualReport.objects.filter(
        program=program, year=year, accepted_on__isnull=False
    ).exists():
        raise Http404
    return _pdf(request, program, "annual-report", year)


@login_not_required
@require_safe
def final_report_pdf(request):
    """The final report, once the program is completed."""
    program = _program_or_404()
    if program.status != program.Status.COMPLETED:
        raise Http404
    return _pdf(request, program, "final-report", None)


@login_not_required
@require_safe
def amendment_file(request, pk):
    """The text of a council decision that amended the program."""
    program = _program_or_404()
    amendment = program.amendments.filter(pk=pk).exclude(file="").first()
    if amendment is None:
        raise Http404
    try:
        handle = default_storage.open(amendment.file.name)
    except (OSError, ValueError):
        raise Http404 from None
    return FileResponse(handle, as_attachment=False, filename=amendment.file.name.rsplit("/")[-1])


@login_not_required
@require_safe
def language(request):
    """The public pages' language switch: a link, so that the pages carry no form token and
    one cached copy serves everyone."""
    code = request.GET.get("language", "")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("public:home")
    response = redirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
    return response
