"""Claims on the public page point back to the outside reports that back them."""

import pytest
from wagtail import blocks

from articles.blocks import ReportingAssessmentBlock
from tests.factories import ArticlePageFactory, highlight
from tests.factories.ingestion import ReportFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _assessment(**value):
    return {
        "type": "reporting_assessment",
        "value": {
            "report": None,
            "source_name": "",
            "url": "",
            "title": "",
            "gets_right": ["It reports the approvals as stated."],
            "leaves_out": ["Which exporters were approved."],
            **value,
        },
    }


@pytest.fixture
def asian_metal_report():
    return ReportFactory(
        source=SourceFactory(name="Asian Metal"),
        title="MOFCOM approves general licences for some exporters",
        canonical_url="https://www.asianmetal.example/news/general-licences",
    )


def test_an_assessment_citing_a_report_links_its_original_and_names_the_outlet(
    client, article_index, asian_metal_report
):
    page = ArticlePageFactory(
        parent=article_index, body=[_assessment(report=asian_metal_report.pk)]
    )

    content = client.get(page.url).content.decode()

    assert (
        '<a href="https://www.asianmetal.example/news/general-licences" '
        'target="_blank" rel="noopener noreferrer">'
        "MOFCOM approves general licences for some exporters"
    ) in content
    assert '<span class="outlet">(Asian Metal)</span>' in content


def test_an_assessment_typed_in_by_hand_still_links_its_url(client, article_index):
    page = ArticlePageFactory(
        parent=article_index,
        body=[_assessment(source_name="Trade Weekly", url="https://tw.example/a")],
    )
    content = client.get(page.url).content.decode()
    assert '<a href="https://tw.example/a" target="_blank"' in content
    assert "Trade Weekly" in content


def test_a_named_outlet_overrides_the_reports_source_name(
    client, article_index, asian_metal_report
):
    page = ArticlePageFactory(
        parent=article_index,
        body=[_assessment(report=asian_metal_report.pk, source_name="Asian Metal Ltd")],
    )
    assert "(Asian Metal Ltd)" in client.get(page.url).content.decode()


def test_an_assessment_needs_an_outlet_or_a_report():
    block = ReportingAssessmentBlock()
    value = block.to_python(_assessment()["value"])
    with pytest.raises(blocks.StructBlockValidationError) as caught:
        block.clean(value)
    assert "source_name" in caught.value.block_errors


def test_a_highlight_citing_a_report_links_its_original_and_names_the_outlet(
    client, article_index, asian_metal_report
):
    page = ArticlePageFactory(
        parent=article_index,
        highlights=[
            highlight(
                "Some exporters now hold general licences.",
                label="",
                url="",
                event=None,
                report=asian_metal_report.pk,
            )
        ],
    )
    content = client.get(page.url).content.decode()
    assert 'href="https://www.asianmetal.example/news/general-licences"' in content
    assert '<span class="outlet">(Asian Metal)</span>' in content


@pytest.mark.parametrize("n", [1, 20])
def test_citing_many_reports_costs_no_more_queries_than_citing_one(
    client, article_index, django_assert_max_num_queries, n
):
    reports = [
        ReportFactory(source=SourceFactory(name=f"Outlet {i}")) for i in range(n)
    ]
    page = ArticlePageFactory(
        parent=article_index,
        highlights=[
            highlight("Backed by reporting.", report=r.pk, label="", url="", event=None)
            for r in reports[:5]
        ],
        body=[_assessment(report=r.pk) for r in reports],
    )
    client.get(page.url)  # warm per-process caches (site root paths, content types)
    with django_assert_max_num_queries(18):
        response = client.get(page.url)
    content = response.content.decode()
    assert all(f"(Outlet {i})" in content for i in range(n))
