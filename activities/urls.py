"""Workspace pages of the activities app: events and delegations, publications."""

app_name = "activities"

urlpatterns = []
