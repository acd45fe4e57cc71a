"""URL routes of the council's documents; included into reports/urls.py (namespace `reports`).

Each document of the registry gets its preview, its PDF, its DOCX and, if it has one, its
workbook, named after it: `reports:annual-report`, `reports:annual-report-pdf`,
`reports:annual-report-docx`, `reports:annual-report-xlsx`.
"""

from django.urls import path

from reports import document_views as views
from reports.documents import REGISTRY

urlpatterns = [path("", views.DocumentListView.as_view(), name="document-list")]
for document in REGISTRY.values():
    kwargs = {"document": document.id}
    urlpatterns += [
        path(document.route, views.DocumentView.as_view(), kwargs, name=document.id),
        path(
            f"{document.route}pdf/",
            views.DocumentPdfView.as_view(),
            kwargs,
            name=f"{document.id}-pdf",
        ),
        path(
            f"{document.route}docx/",
            views.DocumentDocxView.as_view(),
            kwargs,
            name=f"{document.id}-docx",
        ),
    ]
    if document.workbook is not None:
        urlpatterns.append(
            path(
                f"{document.route}xlsx/",
                views.DocumentXlsxView.as_view(),
                kwargs,
                name=f"{document.id}-xlsx",
            )
        )
urlpatterns += [
    path(
        "annual/<int:year>/summary/",
        views.AnnualReportNarrativeView.as_view(),
        name="annual-report-narrative",
    ),
    path(
        "annual/<int:year>/reasons/",
        views.AnnualReportReasonsView.as_view(),
        name="annual-report-reasons",
    ),
]
urlpatterns += [
    path(
        "amendments/<int:pk>/decision/",
        views.AmendmentDecisionView.as_view(),
        name="amendment-decision",
    ),
    path(
        "amendments/<int:pk>/decision/pdf/",
        views.AmendmentDecisionPdfView.as_view(),
        name="amendment-decision-pdf",
    ),
    path(
        "amendments/<int:pk>/decision/docx/",
        views.AmendmentDecisionDocxView.as_view(),
        name="amendment-decision-docx",
    ),
]
