"""Open data pages: public, no sign-in, at stable addresses."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from reports import open_data


@login_not_required
@require_safe
def open_data_index(request):
    """One page describing every data set, its columns and its files."""
    datasets = [
        {
            "name": name,
            "title": title,
            "description": description,
            "fields": [(field, open_data.DESCRIPTIONS[field]) for field in fields],
        }
        for name, (title, description, _build, fields) in open_data.DATASETS.items()
    ]
    return render(
        request,
        "reports/open_data.html",
        {"datasets": datasets, "formats": list(open_data.FORMATS)},
    )


@login_not_required
@require_safe
def open_data_file(request, name, fmt):
    try:
        content, content_type = open_data.export(name, fmt)
    except KeyError:
        raise Http404 from None
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if fmt == "json" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{fmt}"'
    return response
