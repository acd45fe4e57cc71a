"""No page of a document is left mostly blank while what follows could have started on it
(issue 14): the annual and final reports over the demo data at scale 1."""

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation

from activities.models import Program
from reports import documents
from reports.tests.page_fill import half_blank_pages


@pytest.fixture
def demo_program(db):
    call_command("generate_demo_data", verbosity=0)
    return Program.objects.get(start_year=2022)


@pytest.mark.parametrize("name,year", [("annual-report", 2023), ("final-report", None)])
def test_no_page_is_left_half_blank_before_what_could_start_on_it(demo_program, name, year):
    document = documents.REGISTRY[name]
    with translation.override("uk"):
        html = render_to_string(
            document.pdf_template_name, document.get_context(demo_program, year)
        )
    assert half_blank_pages(html) == []


def test_the_check_sees_a_section_started_after_a_half_blank_page(demo_program):
    # What the final report did before: every section on a new page, page 2 half blank.
    document = documents.REGISTRY["final-report"]
    with translation.override("uk"):
        html = render_to_string(document.pdf_template_name, document.get_context(demo_program))
    forced = "<style>.doc-section + .doc-section { break-before: page; }</style></head>"
    assert half_blank_pages(html.replace("</head>", forced)) != []
