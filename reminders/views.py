"""Pages of the reminders: the list behind the bell, snoozing, the digest and calendar settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from activities.models import Event
from menaprogram.mixins import ReadOnlyMixin, RoleRequiredMixin
from reminders import calendar, selectors, services
from reminders.forms import SnoozeForm
from reminders.models import Preferences

READ = "activities.view_event"
CALENDAR_TYPE = "text/calendar; charset=utf-8"


class ReminderListView(RoleRequiredMixin, TemplateView):
    """A person's open items, each a link to what to fix; snoozed ones below."""

    permission_required = READ
    template_name = "reminders/reminder_list.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, snooze_form=None, **kwargs):
        mine = selectors.items_for(self.request.user)
        return super().get_context_data(
            items=mine.open,
            groups=selectors.by_rule(mine.open),
            snoozed=mine.snoozed,
            snooze_form=snooze_form,
            new_snooze_form=SnoozeForm(),
            **kwargs,
        )


class SnoozeView(RoleRequiredMixin, View):
    """Put one of the person's items off until a day, with a reason (POST only)."""

    permission_required = READ

    def post(self, request):
        form = SnoozeForm(request.POST)
        if form.is_valid():
            services.snooze(
                request.user,
                form.cleaned_data["item"],
                form.cleaned_data["until"],
                form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("Put off until %(date)s.") % {"date": f"{form.cleaned_data['until']:%d.%m.%Y}"},
            )
            return redirect("reminders:list")
        # The list again, the form with what was typed and what is wrong, at its item.
        view = ReminderListView(request=request, kwargs={})
        context = view.get_context_data(snooze_form=form)
        return render(request, ReminderListView.template_name, context)


class WakeView(RoleRequiredMixin, View):
    """Bring a snoozed item back now (POST only)."""

    permission_required = READ

    def post(self, request):
        services.wake(request.user, request.POST.get("item", ""))
        return redirect("reminders:list")


class BellView(ReadOnlyMixin, RoleRequiredMixin, View):
    """The bell's count, fetched by the header after the page has loaded (an htmx fragment)."""

    permission_required = READ

    def get(self, request):
        count = len(selectors.items_for(request.user).open)
        return render(request, "reminders/includes/_bell.html", {"count": count, "loaded": True})


class SettingsView(RoleRequiredMixin, TemplateView):
    """The weekly digest on or off, and the secret calendar address."""

    permission_required = READ
    template_name = "reminders/settings.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        preferences = Preferences.objects.filter(user=self.request.user).first()
        token = preferences.calendar_token if preferences else None
        feed_url = None
        if token:
            feed_url = self.request.build_absolute_uri(
                reverse("reminders:calendar-feed", args=[token])
            )
        return super().get_context_data(
            preferences=preferences,
            weekly_digest=preferences.weekly_digest if preferences else True,
            feed_url=feed_url,
            **kwargs,
        )


class DigestSwitchView(RoleRequiredMixin, View):
    """Turn the weekly digest on or off: the button names the state it sets."""

    permission_required = READ

    def post(self, request):
        on = request.POST.get("weekly_digest") == "on"
        services.set_weekly_digest(request.user, on)
        messages.success(
            request,
            _("The weekly digest is on.") if on else _("The weekly digest is off."),
        )
        return redirect("reminders:settings")


class CalendarTokenView(RoleRequiredMixin, View):
    """A new secret calendar address (the old one stops working), or none at all."""

    permission_required = READ

    def post(self, request):
        if request.POST.get("action") == "revoke":
            services.revoke_calendar_token(request.user)
            messages.success(request, _("The calendar address no longer works."))
        else:
            services.new_calendar_token(request.user)
            messages.success(
                request, _("A new calendar address is made; the old one no longer works.")
            )
        return redirect("reminders:settings")


@require_safe
@login_not_required
def calendar_feed(request, token):
    """The feed a calendar program subscribes to: its secret address is its only key."""
    preferences = (
        Preferences.objects.filter(calendar_token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    if preferences is None or not preferences.user.has_perm(READ):
        raise Http404
    response = HttpResponse(calendar.feed(preferences.user), content_type=CALENDAR_TYPE)
    # A person's calendar: no shared cache keeps it, no search engine lists it.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


class EventCalendarView(ReadOnlyMixin, RoleRequiredMixin, View):
    """One event as an .ics file, to add it to one's own calendar."""

    permission_required = READ

    def get(self, request, pk):
        event = get_object_or_404(Event, pk=pk)
        if not calendar.may_see_abroad(request.user) and event.place == Event.Place.ABROAD:
            raise Http404
        response = HttpResponse(calendar.event_ics(event), content_type=CALENDAR_TYPE)
        stamp = event.start_date.strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="event-{event.pk}-{stamp}.ics"'
        return response
