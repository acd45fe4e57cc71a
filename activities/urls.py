"""Workspace pages of the activities app: events and delegations, publications."""

from django.urls import path

from activities import amendment_views, views

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
    path("programs/<int:pk>/", views.ProgramUpdateView.as_view(), name="program-update"),
    path("programs/<int:pk>/next/", views.ProgramNextView.as_view(), name="program-next"),
    path("program/history/", amendment_views.ProgramHistoryView.as_view(), name="program-history"),
    path(
        "program/amendments/new/",
        amendment_views.AmendmentCreateView.as_view(),
        name="amendment-create",
    ),
    path(
        "program/amendments/<int:pk>/",
        amendment_views.AmendmentDetailView.as_view(),
        name="amendment-detail",
    ),
    path(
        "program/amendments/<int:pk>/changes/<slug:kind>/",
        amendment_views.AmendmentChangeView.as_view(),
        name="amendment-change",
    ),
    path(
        "program/amendments/<int:pk>/changes/<int:change>/remove/",
        amendment_views.AmendmentChangeDeleteView.as_view(),
        name="amendmentchange-delete",
    ),
    path(
        "program/amendments/<int:pk>/adopt/",
        amendment_views.AmendmentAdoptView.as_view(),
        name="amendment-adopt",
    ),
]
