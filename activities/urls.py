"""Workspace pages of the activities app: events and delegations, publications."""

from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/new/", views.EventCreateView.as_view(), name="event-create"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
    path("events/<int:pk>/edit/", views.EventUpdateView.as_view(), name="event-update"),
    path("events/<int:pk>/held/", views.EventHeldView.as_view(), name="event-held"),
    path("events/<int:pk>/files/", views.EventFileCreateView.as_view(), name="eventfile-create"),
    path("indicators/", views.IndicatorValuesView.as_view(), name="indicatorvalue-grid"),
    path("publications/", views.PublicationListView.as_view(), name="publication-list"),
    path("publications/new/", views.PublicationCreateView.as_view(), name="publication-create"),
    path(
        "publications/<int:pk>/edit/",
        views.PublicationUpdateView.as_view(),
        name="publication-update",
    ),
    path("programs/<int:pk>/next/", views.ProgramNextView.as_view(), name="program-next"),
]
