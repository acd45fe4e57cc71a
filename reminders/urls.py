"""URL routes of the reminders: the list, snoozing, settings, calendar feeds."""

from django.urls import path

from reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.ReminderListView.as_view(), name="list"),
    path("bell/", views.BellView.as_view(), name="bell"),
    path("snooze/", views.SnoozeView.as_view(), name="snooze"),
    path("wake/", views.WakeView.as_view(), name="wake"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("settings/digest/", views.DigestSwitchView.as_view(), name="digest-switch"),
    path("settings/calendar/", views.CalendarTokenView.as_view(), name="calendar-token"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("events/<int:pk>.ics", views.EventCalendarView.as_view(), name="event-ics"),
]
