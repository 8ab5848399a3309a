"""The demo's December event, as a reader sees it: what moved since April, in words."""

import io
import re

import pytest
from django.core.management import call_command

from policy.models import LicenceEventPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def december(client):
    call_command("load_demo", stdout=io.StringIO())
    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    response = client.get(event.url)
    assert response.status_code == 200
    html = response.content.decode()
    return html[
        html.index('id="since-heading"') : html.index(
            "</section>", html.index('id="since-heading"')
        )
    ]


def _row(since: str, dimension: str) -> str:
    start = since.index(f'<span class="dimension">{dimension}</span>')
    return since[start : since.index("</li>", start)]


def test_the_procedure_row_reports_the_change_in_wording(december):
    procedure = _row(december, "Procedure")
    assert "Still changed, but the statement is new." in procedure
    assert "Before: Each export needs a licence approved case by case." in procedure
    assert (
        "Now: For qualifying exporters a general licence replaces case-by-case "
        "approval." in procedure
    )


def test_unmoved_undisclosed_facts_are_one_line_not_padding_rows(december):
    assert "Undisclosed → Undisclosed" not in december
    assert re.findall(r'<span class="dimension">(\w[\w ]*)</span>', december) == [
        "Exporters",
        "Products",
        "Procedure",
        "Scope",
        "Legal basis",
    ]
    assert "<strong>Still undisclosed:</strong> Volumes, Destinations, Duration." in (
        december
    )


def test_destinations_are_called_undisclosed_not_none_named(client):
    call_command("load_demo", stdout=io.StringIO())
    event = LicenceEventPage.objects.get(slug="general-licences-granted")
    html = client.get(event.url).content.decode()
    assert "None named" not in html
    assert "<dt>Destinations affected</dt><dd>Not disclosed (see below)</dd>" in html
