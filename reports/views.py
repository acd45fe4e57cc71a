"""Pages of the reports app: the home page of what needs attention, the execution dashboard."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from activities import workspace
from menaprogram.mixins import ReadOnlyMixin, RoleRequiredMixin
from reports import charts, selectors

WHOLE_TERM = "all"


@require_safe
def home(request):
    """Where people land: staff who enter data on what needs attention this month,
    those who only read (the secretary, deputy mayors) on the execution dashboard."""
    if not request.user.has_perm("activities.view_event"):
        raise PermissionDenied
    if not request.user.has_perm("activities.change_event"):
        return redirect("reports:dashboard")
    current = workspace.current(request)
    context = {}
    if current.program:
        context = selectors.attention(current.program, timezone.localdate())
    return render(request, "reports/home.html", context)


class DashboardView(ReadOnlyMixin, RoleRequiredMixin, TemplateView):
    """Is the money used as planned, which directions move, what the program has achieved."""

    permission_required = "activities.view_event"
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = workspace.current(self.request).program
        if program is None:
            return context
        year = self._year(program)
        data = selectors.cached_dashboard(program, year)
        return {
            **context,
            **data,
            "whole_term": WHOLE_TERM,
            "year_query": f"&year={year}" if year else "",
            "charts": _charts(data, program, year),
        }

    def _year(self, program):
        """The year asked for in `?year=`, None for the whole term; 404 outside the term."""
        asked = self.request.GET.get("year", "")
        if asked == WHOLE_TERM:
            return None
        return workspace.year_or_404(self.request, program)


def _charts(data, program, year):
    period = str(year) if year else f"{program.start_year}–{program.end_year}"
    return {
        "categories": charts.plan_against_fact(
            [
                charts.PlanFact(
                    f"{category.number}. {category.name}", line.allotted, line.spent, line.financed
                )
                for category, line in data["by_category"]
            ],
            title=_("Allotted, financed and spent by spending category, %(period)s")
            % {"period": period},
        ),
        "months": charts.spending_by_month(
            data["by_month"], title=_("Spending by month, %(period)s") % {"period": period}
        ),
        "directions": charts.events_by_direction(
            [(line.number, line.text, line.held_in_period) for line in data["directions"]],
            title=_("Events held by direction, %(period)s") % {"period": period},
        ),
    }


class PartnershipHealthView(ReadOnlyMixin, RoleRequiredMixin, TemplateView):
    """Partners ranked by how alive each partnership is; `?state=` attention, active, dormant."""

    permission_required = "partners.view_partner"
    template_name = "reports/partnership_health.html"
    STATES = {
        selectors.Health.ATTENTION: gettext_lazy("needs attention"),
        selectors.Health.ACTIVE: gettext_lazy("active"),
        selectors.Health.DORMANT: gettext_lazy("dormant"),
    }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        program = workspace.current(self.request).program
        if program is None:
            return context
        state = self.request.GET.get("state", "")
        state = state if state in self.STATES else ""
        data = selectors.partnership_health(program, timezone.localdate(), state or None)
        rows = [
            (
                line,
                charts.sparkline(
                    [count for _year, count in line.events_by_year],
                    title=_("Events held with %(partner)s by year") % {"partner": line.partner},
                ),
            )
            for line in data["lines"]
        ]
        return {
            **context,
            **data,
            "rows": rows,
            "state": state,
            "states": self.STATES,
            "program": program,
        }
