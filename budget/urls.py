"""Workspace pages of the budget app: the year's budget and expenses."""

app_name = "budget"

urlpatterns = []
