"""The program and year a person is working on: kept in the session, shown on every page.

Pages that show one year (events, budget, the dashboard) start from this choice, so that
switching the year once in the header carries across the workspace.
"""

from dataclasses import dataclass, field

from django.db.models import Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from activities.models import Program
from menaprogram.params import whole_number

SESSION_KEY = "workspace"


@dataclass(frozen=True)
class Workspace:
    program: Program | None
    year: int | None
    programs: list[Program] = field(default_factory=list)

    @property
    def current_program(self):
        """The program whose term covers today: the one the switch marks as current."""
        today = timezone.localdate().year
        return next((p for p in self.programs if today in p.years), None)

    @property
    def choices(self):
        """(program, year) pairs for the switch, newest program first."""
        return [(program, year) for program in self.programs for year in program.years]


def _default(programs, today):
    """This year's program, else the most recent one; this year if in its term, else its last."""
    covering = [p for p in programs if today.year in p.years]
    program = covering[0] if covering else (programs[0] if programs else None)
    if program is None:
        return None, None
    year = today.year if today.year in program.years else program.end_year
    if today.year < program.start_year:
        year = program.start_year
    return program, year


def current(request):
    """The workspace of this request (one query, cached on the request)."""
    if not hasattr(request, "_workspace"):
        programs = list(Program.objects.order_by("-start_year", "pk"))
        chosen = request.session.get(SESSION_KEY) or {}
        program = next((p for p in programs if p.pk == chosen.get("program")), None)
        year = chosen.get("year")
        if program is None or year not in program.years:
            program, year = _default(programs, timezone.localdate())
        request._workspace = Workspace(program=program, year=year, programs=programs)
    return request._workspace


def program_or_404(request):
    """The workspace program; pages of a program have nothing to show before one is loaded."""
    program = current(request).program
    if program is None:
        raise Http404(_("No program has been loaded yet."))
    return program


def year_or_404(request, program):
    """`?year=` if given, else the workspace year; a year outside the program's term is 404."""
    asked = request.GET.get("year", "")
    if not asked:
        return current(request).year
    year = whole_number(asked)
    if year not in program.years:
        raise Http404
    return year


def choose(request, program, year):
    """Remember `program` and `year` for this person's next pages."""
    request.session[SESSION_KEY] = {"program": program.pk, "year": year}
    request.__dict__.pop("_workspace", None)


def context(request):
    """Template context processor: `workspace`, evaluated only by pages that show it."""
    # A request refused before the authentication middleware (a bad Host: the 400 page)
    # has no user.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"workspace": SimpleLazyObject(lambda: current(request))}


class OpenProgramMixin:
    """A page that writes into a program refuses editors once the program has ended.

    Put it after RoleRequiredMixin, so that the role is checked first. The program is the
    record's (the model of `pk` in the address, `program_of_record`, reached through
    `program_field`) or, for a new record, the workspace's. The annual report's narrative
    and reasons do not use it: the final report needs them after the end.
    """

    program_of_record = None  # the model whose pk is in the address; the view's model if None
    program_field = "program"  # from that model to its program, as a lookup

    def dispatch(self, request, *args, **kwargs):
        program = self.program_written_into()
        if program is not None and program.closed_to(request.user):
            return render(
                request, "activities/program_ended.html", {"program": program}, status=403
            )
        return super().dispatch(request, *args, **kwargs)

    def program_written_into(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            return current(self.request).program
        model = self.program_of_record or self.model
        record = model._default_manager.filter(pk=pk).values(self.program_field)[:1]
        return Program.objects.filter(pk=Subquery(record)).first()
