"""Workspace pages of the budget app: the year's budget, expenses and financing."""

from django.urls import path

from budget import views

app_name = "budget"

urlpatterns = [
    path("", views.BudgetView.as_view(), name="budget"),
    path("allocations/", views.AllocationsView.as_view(), name="allocations"),
    path("expenses/", views.ExpenseListView.as_view(), name="expense-list"),
    path("expenses/new/", views.ExpenseCreateView.as_view(), name="expense-create"),
    path("expenses/<int:pk>/edit/", views.ExpenseUpdateView.as_view(), name="expense-update"),
    path("financing/", views.FinancingListView.as_view(), name="financing-list"),
    path("financing/new/", views.FinancingCreateView.as_view(), name="financing-create"),
    path("financing/<int:pk>/edit/", views.FinancingUpdateView.as_view(), name="financing-update"),
    path(
        "programs/<int:pk>/structure/",
        views.StructureExportView.as_view(),
        name="structure-export",
    ),
    path("structure/import/", views.StructureImportView.as_view(), name="structure-import"),
    path("structure/confirm/", views.StructureConfirmView.as_view(), name="structure-confirm"),
    path(
        "financing/<int:pk>/delete/",
        views.FinancingDeleteView.as_view(),
        name="financing-delete",
    ),
]
