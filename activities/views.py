"""Pages of the activities app: the workspace switch, events, publications, the program itself."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_http_methods
from django.views.generic import CreateView, FormView, ListView, UpdateView

from activities import selectors, services, workspace
from activities.exports import PublicationResource
from activities.filters import EventFilter, PublicationFilter
from activities.forms import (
    EventFileForm,
    EventForm,
    HeldForm,
    IndicatorValuesForm,
    NextProgramForm,
    ParticipantFormSet,
    ProgramForm,
    PublicationForm,
)
from activities.models import Event, Program, Publication
from menaprogram.concurrency import ConcurrentEditMixin, EditConflict, report_conflict
from menaprogram.mixins import (
    ExportMixin,
    FilteredListMixin,
    ReadOnlyMixin,
    RoleRequiredMixin,
    SubmitOnceMixin,
)
from menaprogram.params import whole_number
from partners.forms import PartnerQuickForm


@require_http_methods(["GET", "HEAD", "POST"])
def switch_workspace(request):
    """Choose the program and year shown across the workspace (`<program id>:<year>`).

    The switch is a form in the header; GET (an address followed) goes home.
    """
    if request.method != "POST":
        return redirect("home")
    current = workspace.current(request)
    program_id, _, year = request.POST.get("workspace", "").partition(":")
    chosen = next((p for p in current.programs if str(p.pk) == program_id), None)
    year = whole_number(year)
    if chosen is None or year not in chosen.years:
        raise Http404
    workspace.choose(request, chosen, year)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "home"
    return redirect(back)


class EventListView(ReadOnlyMixin, RoleRequiredMixin, ExportMixin, FilteredListMixin, ListView):
    export_kind = "events"
    permission_required = "activities.view_event"
    template_name = "activities/event_list.html"
    context_object_name = "events"
    paginate_by = 25

    def get_queryset(self):
        current = workspace.current(self.request)
        program = workspace.program_or_404(self.request)
        self.filters = EventFilter(self.request.GET, program=program, year=current.year)
        return selectors.event_list(program, filters=self.filters)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filters.form, **kwargs)


def _event_page(request, pk, *, held_form=None, file_form=None, status=200):
    """The event's page, with bound forms when a post on it came back with errors."""
    try:
        data = selectors.event_detail(pk)
    except Event.DoesNotExist:
        raise Http404 from None
    context = {
        **data,
        # The event's own program decides, whichever the workspace shows.
        "program_closed": data["event"].program.closed_to(request.user),
        "held_form": held_form or HeldForm(initial={"outcome": data["event"].outcome}),
        "file_form": file_form or EventFileForm(),
    }
    return render(request, "activities/event_detail.html", context, status=status)


class EventDetailView(ReadOnlyMixin, RoleRequiredMixin, View):
    permission_required = "activities.view_event"

    def get(self, request, pk):
        return _event_page(request, pk)


class EventWithParticipantsMixin:
    """The event form with its participants: both are valid and saved together, or neither."""

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        valid = form.is_valid()
        participants = ParticipantFormSet(request.POST, instance=form.instance)
        # A post without the participants' table (a script, an old page) leaves them as
        # they are instead of failing on the missing formset counters.
        if f"{participants.prefix}-TOTAL_FORMS" not in request.POST:
            participants = None
        elif not participants.is_valid():
            # Said above the form too: the table may be far below the first screen.
            form.add_error(None, _("Check the participants: a row has an error."))
            valid = False
        if valid:
            try:
                self.object = services.save_event(form=form, participants=participants)
            except EditConflict as conflict:
                conflict.show_on(form)
            else:
                return self.form_valid(form)
        else:
            report_conflict(form)
        return self.render_to_response(self.get_context_data(form=form, participants=participants))

    def form_valid(self, form):
        # Saved by the service with the participants: what is left is the message and redirect.
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("activities:event-detail", args=[self.object.pk])


class EventSaveMixin(
    RoleRequiredMixin,
    workspace.OpenProgramMixin,
    SubmitOnceMixin,
    SuccessMessageMixin,
    EventWithParticipantsMixin,
):
    model = Event
    form_class = EventForm
    template_name = "activities/event_form.html"

    def get_form_kwargs(self):
        program = self.object.program if self.object else workspace.program_or_404(self.request)
        return {**super().get_form_kwargs(), "program": program}

    def get_context_data(self, **kwargs):
        if kwargs.get("participants") is None:
            kwargs["participants"] = ParticipantFormSet(instance=self.object or Event())
        if self.request.user.has_perm("partners.add_partner"):
            # A partner not in the list yet is added from the form (static/js/event-form.js).
            kwargs["partner_form"] = PartnerQuickForm()
        return super().get_context_data(**kwargs)


class EventCreateView(EventSaveMixin, CreateView):
    permission_required = "activities.add_event"
    success_message = _("Event “%(title)s” added.")

    def post(self, request, *args, **kwargs):
        self.object = None
        return super().post(request, *args, **kwargs)


class EventUpdateView(EventSaveMixin, UpdateView):
    permission_required = "activities.change_event"
    success_message = _("Event “%(title)s” saved.")

    def get_queryset(self):
        return Event.objects.select_related("program")

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)


class EventHeldView(RoleRequiredMixin, workspace.OpenProgramMixin, View):
    """Mark an event as held: htmx swaps the status fragment, a plain post is redirected."""

    permission_required = "activities.change_event"
    program_of_record = Event

    def get(self, request, pk):
        # The button lives on the event's page: an address typed or followed leads there.
        event = get_object_or_404(Event, pk=pk)
        if event.status == Event.Status.PLANNED:
            messages.info(
                request, _("Write the outcome and press “Mark as held” to mark the event as held.")
            )
        return redirect(reverse("activities:event-detail", args=[event.pk]) + "#event-status")

    def post(self, request, pk):
        # Locked until the request's transaction ends: two marks at once are taken in turn.
        event = get_object_or_404(Event.objects.select_for_update(), pk=pk)
        form = HeldForm(request.POST)
        if form.is_valid():
            try:
                services.mark_held(event=event, outcome=form.cleaned_data["outcome"])
            except ValidationError as error:
                form.add_error(None, error)
        htmx = request.headers.get("HX-Request") == "true"
        if htmx:
            context = {"event": event, "held_form": form, "just_held": form.is_valid()}
            return render(request, "activities/includes/_event_status.html", context)
        if form.is_valid():
            messages.success(request, _("The event is marked as held."))
            return redirect("activities:event-detail", event.pk)
        return _event_page(request, pk, held_form=form)


class EventFileCreateView(RoleRequiredMixin, workspace.OpenProgramMixin, View):
    permission_required = "activities.add_eventfile"
    program_of_record = Event

    def get(self, request, pk):
        # The form is on the event's page.
        event = get_object_or_404(Event, pk=pk)
        messages.info(request, _("Attach a file with the form below."))
        return redirect(reverse("activities:event-detail", args=[event.pk]) + "#files")

    def post(self, request, pk):
        event = get_object_or_404(Event, pk=pk)
        form = EventFileForm(request.POST, request.FILES, instance=None)
        form.instance.event = event
        if form.is_valid():
            form.save()
            messages.success(request, _("File “%(title)s” attached.") % {"title": form.instance})
            return redirect(reverse("activities:event-detail", args=[pk]) + "#files")
        return _event_page(request, pk, file_form=form)


class PublicationListView(
    ReadOnlyMixin, RoleRequiredMixin, ExportMixin, FilteredListMixin, ListView
):
    export_kind = "publications"
    export_resource = PublicationResource
    permission_required = "activities.view_publication"
    template_name = "activities/publication_list.html"
    context_object_name = "publications"
    paginate_by = 25

    def get_queryset(self):
        current = workspace.current(self.request)
        program = workspace.program_or_404(self.request)
        self.filters = PublicationFilter(self.request.GET, program=program, year=current.year)
        return selectors.publication_list(program, filters=self.filters)

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filters.form, **kwargs)


class PublicationSaveMixin(
    RoleRequiredMixin, workspace.OpenProgramMixin, SubmitOnceMixin, SuccessMessageMixin
):
    model = Publication
    form_class = PublicationForm
    template_name = "activities/publication_form.html"

    def get_form_kwargs(self):
        program = self.object.program if self.object else workspace.program_or_404(self.request)
        return {**super().get_form_kwargs(), "program": program}

    def get_success_url(self):
        # Back where the person most likely came from: the event, else the year's list.
        if self.object.event_id:
            return reverse("activities:event-detail", args=[self.object.event_id])
        query = urlencode({"year": f"{self.object.published_on.year:d}", "q": self.object.title})
        return f"{reverse('activities:publication-list')}?{query}"


class PublicationCreateView(PublicationSaveMixin, CreateView):
    permission_required = "activities.add_publication"
    success_message = _("Publication “%(title)s” added.")

    def get_initial(self):
        # "Add a publication" on an event's page preselects that event.
        event = whole_number(self.request.GET.get("event"))
        return {"event": event} if event is not None else {}


class PublicationUpdateView(ConcurrentEditMixin, PublicationSaveMixin, UpdateView):
    permission_required = "activities.change_publication"
    success_message = _("Publication “%(title)s” saved.")

    def get_queryset(self):
        return Publication.objects.select_related("program")


class IndicatorValuesView(RoleRequiredMixin, workspace.YearPageMixin, SubmitOnceMixin, FormView):
    """A year's targets and actuals of the program's indicators, entered by the staff."""

    permission_required = "activities.change_indicatorvalue"
    template_name = "activities/indicator_values.html"
    form_class = IndicatorValuesForm

    @cached_property
    def grid(self):
        return selectors.indicator_value_grid(self.program, self.year)

    def get_form_kwargs(self):
        indicators, current = self.grid
        return {
            **super().get_form_kwargs(),
            "program": self.program,
            "year": self.year,
            "indicators": indicators,
            "current": current,
        }

    def form_valid(self, form):
        # The request's transaction (ATOMIC_REQUESTS) holds the check's locks until the save.
        if report_conflict(form):
            return self.form_invalid(form, checked=True)
        changed = services.save_indicator_values(
            program=self.program, year=self.year, values=form.values()
        )
        messages.success(
            self.request,
            _("Indicator values for %(year)s saved: %(count)s changed.")
            % {"year": f"{self.year:d}", "count": changed},
        )
        return redirect(f"{reverse('activities:indicatorvalue-grid')}?year={self.year:d}")

    def form_invalid(self, form, checked=False):
        if not checked:
            report_conflict(form)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(program=self.program, year=self.year, **kwargs)


class ProgramNextView(RoleRequiredMixin, SubmitOnceMixin, FormView):
    """Administrators: start the next program from this one, as a draft to be edited."""

    permission_required = "activities.add_program"
    template_name = "activities/program_next.html"
    form_class = NextProgramForm

    def dispatch(self, request, *args, **kwargs):
        self.source = get_object_or_404(Program, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "source": self.source}

    def get_context_data(self, **kwargs):
        return super().get_context_data(source=self.source, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            program, copied = services.start_next_program(
                source=self.source,
                **{name: data[name] for name in NEXT_PROGRAM_FIELDS},
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
            return self.form_invalid(form)
        workspace.choose(self.request, program, program.start_year)
        messages.success(
            self.request,
            _(
                "The program “%(program)s” is started as a draft. Edit its passport and "
                "structure, enter its funding per year, and set it in force once adopted."
            )
            % {"program": program},
        )
        return redirect("activities:program-update", program.pk)


class ProgramUpdateView(
    RoleRequiredMixin, ConcurrentEditMixin, SubmitOnceMixin, SuccessMessageMixin, UpdateView
):
    """Administrators: the program's passport, adopting decision and status.

    A draft is edited here as a whole; a program in force keeps the rows a decision changes
    locked, with the way to its amendments (ProgramForm).
    """

    permission_required = "activities.change_program"
    model = Program
    form_class = ProgramForm
    template_name = "activities/program_form.html"
    success_message = _("The program “%(short_title)s” saved.")

    def get_context_data(self, **kwargs):
        program = self.object
        workspace_program = workspace.current(self.request).program
        return super().get_context_data(
            # The amendment pages work on the workspace's program.
            amends_here=workspace_program is not None and workspace_program.pk == program.pk,
            **kwargs,
        )

    def get_success_url(self):
        return reverse("activities:program-update", args=[self.object.pk])


NEXT_PROGRAM_FIELDS = (
    "title",
    "short_title",
    "start_year",
    "end_year",
    "decision_title",
    "decision_number",
    "decision_date",
    "parts",
)
