"""Workspace pages of the budget app: the year's budget and expenses."""

from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("", views.BudgetView.as_view(), name="budget"),
    path("allocations/", views.AllocationsView.as_view(), name="allocations"),
    path("expenses/", views.ExpenseListView.as_view(), name="expense-list"),
    path("expenses/new/", views.ExpenseCreateView.as_view(), name="expense-create"),
    path("expenses/<int:pk>/edit/", views.ExpenseUpdateView.as_view(), name="expense-update"),
]
