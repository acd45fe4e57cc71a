"""Pages of the program's amendments: its history, a draft with its changes, adopting it.

Everyone who reads the program reads its history; administrators amend it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import CreateView

from activities import amendments, workspace
from activities.amendment_forms import AdoptForm, DraftForm
from activities.models import Amendment, AmendmentChange
from menaprogram.mixins import ReadOnlyMixin, RoleRequiredMixin, SubmitOnceMixin

VIEW = "activities.view_amendment"
AMEND = "activities.change_amendment"


def _rows(program, changes):
    """What the pages show of each change: what, old → new, as text."""
    rows = []
    for change in changes:
        kind = amendments.known_kind(change.kind)
        if kind is None:
            continue
        rows.append(
            {
                "change": change,
                "kind": kind,
                "what": kind.target_label(program, change),
                "old": kind.show(change.old),
                "new": kind.show(change.new),
            }
        )
    return rows


def _amendment_or_404(request, pk):
    program = workspace.program_or_404(request)
    return program, get_object_or_404(Amendment, program=program, pk=pk)


class ProgramHistoryView(ReadOnlyMixin, RoleRequiredMixin, View):
    """Each amendment in the order it took effect, with its changes old → new; drafts apart."""

    permission_required = VIEW

    def get(self, request):
        program = workspace.program_or_404(request)
        found = list(
            Amendment.objects.filter(program=program).prefetch_related("changes").order_by("pk")
        )
        adopted = sorted(
            (a for a in found if a.is_adopted),
            key=lambda a: (a.takes_effect, a.decision_date, a.pk),
        )
        return render(
            request,
            "activities/program_history.html",
            {
                "program": program,
                "adopted": [(a, _rows(program, amendments.ordered_changes(a))) for a in adopted],
                "drafts": [a for a in found if not a.is_adopted],
            },
        )


class AmendmentCreateView(RoleRequiredMixin, SubmitOnceMixin, CreateView):
    permission_required = AMEND
    form_class = DraftForm
    template_name = "activities/amendment_form.html"

    def form_valid(self, form):
        form.instance.program = workspace.program_or_404(self.request)
        form.instance.status = Amendment.Status.DRAFT
        response = super().form_valid(form)
        messages.success(self.request, _("The draft amendment is created: add its changes."))
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(program=workspace.program_or_404(self.request), **kwargs)

    def get_success_url(self):
        return reverse("activities:amendment-detail", args=[self.object.pk])


class AmendmentDetailView(ReadOnlyMixin, RoleRequiredMixin, View):
    permission_required = VIEW

    def get(self, request, pk):
        program, amendment = _amendment_or_404(request, pk)
        changes = amendments.ordered_changes(amendment)
        return render(
            request,
            "activities/amendment_detail.html",
            {
                "program": program,
                "amendment": amendment,
                "rows": _rows(program, changes),
                "kinds": sorted(amendments.kinds(), key=lambda kind: kind.order),
                "may_amend": request.user.has_perm(AMEND),
                "removable": request.user.has_perm(AMEND) and not amendment.is_adopted,
            },
        )


class DraftMixin(RoleRequiredMixin):
    permission_required = AMEND

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.program, self.amendment = _amendment_or_404(request, kwargs["pk"])
        # A post on a draft adopted meanwhile is refused by the service, with the reason.
        if self.amendment.is_adopted and request.method != "POST":
            messages.error(request, _("The amendment is adopted: its changes are final."))
            return redirect("activities:amendment-detail", self.amendment.pk)
        return super().dispatch(request, *args, **kwargs)


class AmendmentChangeView(DraftMixin, View):
    """A change of one kind added to a draft: the kind's own form."""

    def kind(self):
        try:
            return amendments.kind_of(self.kwargs["kind"])
        except KeyError:
            raise Http404 from None

    def page(self, form, status=200):
        context = {
            "program": self.program,
            "amendment": self.amendment,
            "kind": self.kind(),
            "form": form,
        }
        return render(self.request, "activities/amendment_change_form.html", context, status=status)

    def get(self, request, pk, kind):
        return self.page(self.kind().form_class(program=self.program))

    def post(self, request, pk, kind):
        form = self.kind().form_class(request.POST, program=self.program)
        if form.is_valid():
            target, new = form.change()
            try:
                amendments.add_change(
                    amendment=self.amendment, kind=self.kind(), target=target, new=new
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The change is added to the draft."))
                return redirect("activities:amendment-detail", self.amendment.pk)
        return self.page(form)


class AmendmentChangeDeleteView(DraftMixin, View):
    """The «remove» button of a change of a draft; GET is sent to the draft."""

    def get(self, request, pk, change):
        return redirect("activities:amendment-detail", pk)

    def post(self, request, pk, change):
        if self.amendment.is_adopted:
            messages.error(request, _("The amendment is adopted: its changes are final."))
        else:
            AmendmentChange.objects.filter(amendment=self.amendment, pk=change).delete()
            messages.success(request, _("The change is removed from the draft."))
        return redirect("activities:amendment-detail", pk)


class AmendmentAdoptView(DraftMixin, View):
    """The decision's number and date: the draft's changes are applied, all or none."""

    def page(self, form):
        changes = amendments.ordered_changes(self.amendment)
        return render(
            self.request,
            "activities/amendment_adopt.html",
            {
                "program": self.program,
                "amendment": self.amendment,
                "rows": _rows(self.program, changes),
                "form": form,
            },
        )

    def get(self, request, pk):
        changes = amendments.ordered_changes(self.amendment)
        initial = {"act_kind": self.amendment.act_kind, "seen": amendments.digest(changes)}
        return self.page(AdoptForm(initial=initial))

    def post(self, request, pk):
        form = AdoptForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                amendments.adopt(
                    amendment=self.amendment,
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    act_kind=data["act_kind"],
                    adopted_by=data["adopted_by"],
                    effective_date=data["effective_date"],
                    file=data["file"],
                    closed_year_reason=data["closed_year_reason"],
                    seen=data["seen"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The amendment is adopted and its changes applied."))
                return redirect("activities:program-history")
        return self.page(form)
