"""The program and year a person is working on: kept in the session, shown on every page.

Pages that show one year (events, budget, the dashboard) start from this choice, so that
switching the year once in the header carries across the workspace.
"""

from dataclasses import dataclass, field

from django.db.models import Subquery
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _

from activities.models import Program
from menaprogram.params import whole_number

SESSION_KEY = "workspace"
# A link to a page of another program than the one chosen (a reminder about 2024 while
# 2025–2027 is chosen) carries `?workspace=<program id>:<year>`, as the header's switch posts
# it: the page opens on that program and year, and the workspace stays there, as after the
# switch, so that the header, the next pages and the page's own form agree.
ASKED = "workspace"


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
        asked = _asked(request, programs)
        if asked is not None and asked != (program, year):
            program, year = asked
            request.session[SESSION_KEY] = {"program": program.pk, "year": year}
        if program is None or year not in program.years:
            program, year = _default(programs, timezone.localdate())
        request._workspace = Workspace(program=program, year=year, programs=programs)
    return request._workspace


def _asked(request, programs):
    """The (program, year) of `?workspace=`, or None if absent or not a year of a program."""
    program_id, _sep, year = request.GET.get(ASKED, "").partition(":")
    program = next((p for p in programs if str(p.pk) == program_id), None)
    year = whole_number(year)
    if program is None or year not in program.years:
        return None
    return program, year


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


def closed(request):
    """Whether the workspace's program is closed to this person (OpenProgramMixin refuses)."""
    program = current(request).program
    return program is not None and program.closed_to(request.user)


def context(request):
    """Template context processor: `workspace`, and `program_closed`, which hides the buttons
    of pages that would refuse the person (new, edit, import into the program). Both are
    evaluated only by pages that show them; a page of one record of another program sets
    `program_closed` for that record's program.
    """
    # A request refused before the authentication middleware (a bad Host: the 400 page)
    # has no user.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "workspace": SimpleLazyObject(lambda: current(request)),
        "program_closed": SimpleLazyObject(lambda: closed(request)),
    }


class ProgramClosed(Exception):
    """The page would write into a program the person may no longer change."""

    def __init__(self, program):
        super().__init__(str(program))
        self.program = program


class OpenProgramMixin:
    """A page that writes into a program refuses editors once the program has ended.

    Put it after RoleRequiredMixin, so that the role is checked first. The program is the
    record's, reached from it through `program_field`: a view that loads its record with
    `get_object` is checked there, on the record it loads anyway (no query of its own);
    another view names the model whose pk is in the address (`program_of_record`). A page
    for a new record writes into the workspace's program. The annual report's narrative
    and reasons do not use it: the final report needs them after the end.
    """

    program_of_record = None  # for a view without get_object: the model of `pk`
    program_field = "program"  # from the record to its program, as a lookup

    def dispatch(self, request, *args, **kwargs):
        try:
            if "pk" not in kwargs:
                self.refuse_if_closed(current(request).program)
            elif self.program_of_record is not None:
                record = self.program_of_record._default_manager.filter(pk=kwargs["pk"])
                program = Program.objects.filter(
                    pk=Subquery(record.values(self.program_field)[:1])
                ).first()
                self.refuse_if_closed(program)
            return super().dispatch(request, *args, **kwargs)
        except ProgramClosed as closed:
            context = {"program": closed.program}
            return render(request, "activities/program_ended.html", context, status=403)

    def get_object(self, queryset=None):
        record = super().get_object(queryset)
        program = record
        for name in self.program_field.split("__"):
            program = getattr(program, name)
        self.refuse_if_closed(program)
        return record

    def refuse_if_closed(self, program):
        if program is not None and program.closed_to(self.request.user):
            raise ProgramClosed(program)


class YearPageMixin:
    """A page of one year of the workspace's program (`?year=`, else the workspace's year).

    Both are read after the role check (on first use), so that a person without the role
    gets 403, not 404.
    """

    @cached_property
    def program(self):
        return program_or_404(self.request)

    @cached_property
    def year(self):
        return year_or_404(self.request, self.program)
