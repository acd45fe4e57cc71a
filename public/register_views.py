"""Workspace pages of publishing: withhold an event or a partner, the register, the embargo."""

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, ListView, UpdateView

from activities.models import Event
from menaprogram.concurrency import ConcurrentEditMixin
from menaprogram.mixins import ReadOnlyMixin, RoleRequiredMixin, SubmitOnceMixin
from partners.models import Partner
from public import services
from public.forms import PublishingSettingsForm, WithholdingForm
from public.models import PublishingSettings, Withholding

# Whoever edits events and partners may withhold them; everyone with a role reads the register.
WITHHOLD = "activities.change_event"
READ = "activities.view_event"
# The embargo is the administrators', like the program's structure.
SETTINGS = "activities.change_program"


class WithholdingListView(ReadOnlyMixin, RoleRequiredMixin, ListView):
    """The register of withheld items: what is hidden, since when, why, and when to review."""

    permission_required = READ
    template_name = "public/withholding_list.html"
    context_object_name = "withholdings"

    def get_queryset(self):
        return Withholding.objects.select_related("event", "partner", "withheld_by").order_by(
            "review_on", "pk"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            embargo=PublishingSettings.load().embargo_days,
            may_withhold=self.request.user.has_perm(WITHHOLD),
            may_set=self.request.user.has_perm(SETTINGS),
            **kwargs,
        )


class WithholdingCreateView(RoleRequiredMixin, SubmitOnceMixin, SuccessMessageMixin, CreateView):
    """Withhold the event or the partner in the address (`event/12/`, `partner/3/`)."""

    permission_required = WITHHOLD
    form_class = WithholdingForm
    template_name = "public/withholding_form.html"
    success_message = gettext_lazy("The item is withheld from the public site.")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not self.has_permission():
            return self.handle_no_permission()
        self.item = self._item(request)
        if self.item is None:
            raise Http404
        if Withholding.objects.filter(**{self.item_field: self.item}).exists():
            messages.info(request, _("This item is already withheld."))
            return redirect("public:withholding-list")
        return super().dispatch(request, *args, **kwargs)

    def _item(self, request):
        models = {"event": Event, "partner": Partner}
        self.item_field = self.kwargs["item"]
        if self.item_field not in models:
            return None
        return models[self.item_field].objects.filter(pk=self.kwargs["pk"]).first()

    def form_valid(self, form):
        self.object = services.withhold(
            item=self.item,
            by=self.request.user,
            **{name: form.cleaned_data[name] for name in WithholdingForm.Meta.fields},
        )
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse("public:withholding-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.item, item_field=self.item_field, **kwargs)


class WithholdingUpdateView(
    ConcurrentEditMixin, RoleRequiredMixin, SubmitOnceMixin, SuccessMessageMixin, UpdateView
):
    permission_required = WITHHOLD
    form_class = WithholdingForm
    model = Withholding
    template_name = "public/withholding_form.html"
    success_message = gettext_lazy("The withholding is saved.")

    def get_success_url(self):
        return reverse("public:withholding-list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(item=self.object.item, **kwargs)


class WithholdingLiftView(RoleRequiredMixin, View):
    """Lift a withholding: the item is public again (the audit trail keeps the record)."""

    permission_required = WITHHOLD

    def get(self, request, pk):
        return redirect("public:withholding-list")

    def post(self, request, pk):
        withholding = get_object_or_404(Withholding, pk=pk)
        services.lift(withholding)
        messages.success(request, _("The item is public again."))
        return redirect("public:withholding-list")


class PublishingSettingsView(
    ConcurrentEditMixin, RoleRequiredMixin, SubmitOnceMixin, SuccessMessageMixin, UpdateView
):
    permission_required = SETTINGS
    form_class = PublishingSettingsForm
    template_name = "public/settings_form.html"
    success_message = gettext_lazy("The embargo is saved.")

    def get_object(self, queryset=None):
        return PublishingSettings.load()

    def get_success_url(self):
        return reverse("public:withholding-list")
