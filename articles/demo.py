"""Demo content: the reference note on MOFCOM's general licences and two context pieces.

Every sentence here is ours, written from public facts. Loading is idempotent: pages,
authors and topics are found by slug and updated in place, never duplicated.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils.text import slugify
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from policy.demo import EVENTS, GENERAL_LICENCE_EVENT
from policy.models import LicenceEventPage
from policy.reporting.ingest.entries import FeedEntry
from policy.reporting.models import Annotation, Report, Source
from policy.reporting.services.fetching import reports_upsert
from rexchange.publication.models import PublicationSettings
from rexchange.publication.streamfield_roundtrip import page_streams_as_admin_saves

from .demo_images import ChartRow, chart_alt, chart_png, cover_png, portrait_png
from .models import (
    ArticleAuthor,
    ArticleIndexPage,
    ArticlePage,
    Author,
    HomePage,
    Topic,
)

MOFCOM_URL = "https://www.mofcom.gov.cn/"
ASIAN_METAL_URL = "https://www.asianmetal.com/"

AUTHORS = [
    {
        "slug": "mei-lin-zhou",
        "name": "Mei-Lin Zhou",
        "role": "Senior analyst, export controls",
        "bio": "<p>Mei-Lin reads Chinese trade regulation so our readers do not "
        "have to guess what it says.</p>",
        "colour": "#1f4e99",
    },
    {
        "slug": "tomas-reyes",
        "name": "Tomás Reyes",
        "role": "Editor, critical minerals",
        "bio": "<p>Tomás edits our coverage of magnet supply chains and the rules that "
        "shape them.</p>",
        "colour": "#0b5d3b",
    },
]

TOPICS = [
    (
        "export-controls",
        "Export controls",
        "Licensing and control of strategic exports.",
    ),
    (
        "rare-earths",
        "Rare earths",
        "The seventeen elements and the magnets made from them.",
    ),
    (
        "licensing",
        "Licensing",
        "How licences are granted, denied, renewed and revoked.",
    ),
]


@dataclass(frozen=True)
class EventRef:
    """A demo licence event named by slug, resolved to the page when loading."""

    slug: str


@dataclass(frozen=True)
class ImageRef:
    """A demo image named by title, resolved to the Wagtail image when loading."""

    title: str


# The demo's pictures are drawn when it loads (`articles.demo_images`); each is
# stored once as a Wagtail image and found again by its title.
SEVEN = ["Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"]
CHART_TITLE = "MOFCOM rare-earth events in 2025: what each one did"
CHART_IMAGE = "Demo chart: MOFCOM rare-earth events in 2025"
CREDIT = "Illustration: rexchange"


def _chart_rows() -> list[ChartRow]:
    rows = []
    for spec in EVENTS:
        states = Counter(value["state"] for _, value in spec["facts"])
        rows.append(
            ChartRow(
                announced_on=spec["announced_on"],
                label=spec["title"],
                changed=states["changed"],
                unchanged=states["unchanged"],
                undisclosed=states["undisclosed"],
            )
        )
    return rows


def _cover(*symbols: str, background: str, tile: str) -> Callable[[], bytes]:
    return lambda: cover_png(symbols=list(symbols), background=background, tile=tile)


def _cover_alt(symbols: list[str]) -> str:
    return (
        "Illustration: periodic-table tiles for "
        + ", ".join(symbols[:-1])
        + f" and {symbols[-1]} on a dark grid."
    )


def _cite(label: str, url: str) -> dict:
    return {"label": label, "url": url}


def _h(text: str, *citations: dict) -> tuple[str, dict]:
    return ("highlight", {"text": text, "citations": list(citations)})


def _p(html: str) -> tuple[str, str]:
    return ("paragraph", html)


def _heading(text: str, level: str = "2") -> tuple[str, dict]:
    return ("heading", {"text": text, "level": level})


GENERAL_LICENCE_NOTE = {
    "slug": "mofcom-general-licences-rare-earths",
    "title": "MOFCOM's general licences: consolidation, not liberalization",
    "dek": "China's commerce ministry is letting a vetted group of rare-earth "
    "exporters trade under general licences. The controls themselves have not moved.",
    "date": dt.date(2025, 12, 4),
    "authors": ["mei-lin-zhou", "tomas-reyes"],
    "topics": ["export-controls", "rare-earths", "licensing"],
    "related_events": [GENERAL_LICENCE_EVENT, "april-2025-controls-seven-rare-earths"],
    "cover": {
        "title": "Demo cover: MOFCOM's general licences",
        "draw": _cover(*SEVEN, background="#16191d", tile="#1f4e99"),
        "alt": _cover_alt(SEVEN),
    },
    "highlights": [
        _h(
            "MOFCOM says exporters with enough export experience and a clean "
            "compliance record can now apply for general licences, and that it has "
            "approved some.",
            _cite("MOFCOM statement", MOFCOM_URL),
        ),
        _h(
            "Nothing has been said about which exporters qualified, which products are "
            "covered, what volumes, which destinations or how long the licences last.",
            _cite("MOFCOM statement", MOFCOM_URL),
            {
                "label": "Our record of the event",
                "event": EventRef(GENERAL_LICENCE_EVENT),
            },
        ),
        _h(
            "The control regime itself is unchanged and every licence stays "
            "conditional and revocable: this streamlines paperwork for a few firms "
            "rather than loosening controls.",
            _cite("Asian Metal report", ASIAN_METAL_URL),
        ),
    ],
    "body": [
        _p(
            '<p>The <a href="https://www.mofcom.gov.cn/">Ministry of Commerce</a> '
            "(MOFCOM) has confirmed that some rare-earth exporters may now ship under "
            "general licences instead of applying shipment by shipment. The news first "
            'reached most readers through a <a href="https://www.asianmetal.com/">trade-'
            "press report by Asian Metal</a> summarising the ministry's statement.</p>"
        ),
        _p(
            "<p>Firms that can show enough export experience and a clean compliance "
            "record are eligible to apply, and the ministry says it has approved some "
            "applications. For that subset of exporters, a general licence replaces "
            "the case-by-case approval they needed before.</p>"
        ),
        _heading("What actually changed — and what didn't"),
        (
            "figure",
            {
                "image": ImageRef(CHART_IMAGE),
                "alt_text": chart_alt(rows=_chart_rows()),
                "caption": "Facts recorded for each 2025 event, by what it did to "
                "them. Only the December event leaves more undisclosed than it "
                "changes.",
                "credit": "Chart: rexchange, from our policy record",
            },
        ),
        (
            "event_facts",
            {
                "event": EventRef(GENERAL_LICENCE_EVENT),
                "title": "",
                "show_transitions": True,
            },
        ),
        _heading("What the market should — and shouldn't — infer"),
        _p(
            "<p>A faster procedure for a few trusted exporters can shorten lead times "
            "for their customers. It does not widen what may be exported, and it does "
            "not commit the ministry to approving anyone else. Buyers who depend on "
            "firms outside the approved group should assume nothing has changed for "
            "them.</p>"
        ),
        _p(
            "<p>Because licences stay revocable, the ministry keeps the same lever it "
            "had before; it has simply chosen to pull it less often for some firms. "
            "Read this as consolidation of the licensing system, not "
            "liberalization.</p>"
        ),
        _heading("What the reporting gets right — and what it leaves out"),
        (
            "reporting_assessment",
            {
                "source_name": "Asian Metal",
                "url": ASIAN_METAL_URL,
                "title": "",
                "gets_right": [
                    "It reports the eligibility conditions and the approvals as the "
                    "ministry stated them.",
                ],
                "leaves_out": [
                    "That the list of approved exporters, products and destinations "
                    "has not been published.",
                    "That the licences can be withdrawn, which limits how much "
                    "certainty they give buyers.",
                ],
            },
        ),
        (
            "callout",
            {
                "title": "General versus case-by-case licences",
                "text": "<p>A case-by-case licence covers one contract or shipment. A "
                "general licence covers repeated exports by one firm over a period, "
                "within conditions set by the regulator.</p>",
            },
        ),
    ],
    "sources": [
        {
            "label": "MOFCOM statement on general licences",
            "url": MOFCOM_URL,
            "publisher": "Ministry of Commerce of the People's Republic of China",
            "accessed": "2025-12-04",
        },
        {
            "label": "Report on MOFCOM's general licences",
            "url": ASIAN_METAL_URL,
            "publisher": "Asian Metal",
            "accessed": "2025-12-04",
        },
    ],
}

APRIL_CONTROLS = {
    "slug": "april-2025-controls-seven-rare-earths",
    "title": "April 2025: seven medium and heavy rare earths go under licence",
    "dek": "Samarium, gadolinium, terbium, dysprosium, lutetium, scandium and yttrium "
    "now need an export licence from MOFCOM.",
    "date": dt.date(2025, 4, 10),
    "authors": ["mei-lin-zhou"],
    "topics": ["export-controls", "rare-earths"],
    "related_events": ["april-2025-controls-seven-rare-earths"],
    "cover": {
        "title": "Demo cover: the April 2025 controls",
        "draw": _cover(*SEVEN, background="#1f1a17", tile="#8a2b0e"),
        "alt": _cover_alt(SEVEN),
    },
    "highlights": [
        _h(
            "Exports of seven medium and heavy rare earths and related items now "
            "need a MOFCOM licence.",
            _cite("MOFCOM announcement", MOFCOM_URL),
        ),
        _h(
            "The list covers samarium, gadolinium, terbium, dysprosium, lutetium, "
            "scandium and yttrium.",
        ),
    ],
    "body": [
        _heading("What the controls cover"),
        _p(
            "<p>In April 2025 MOFCOM placed seven medium and heavy rare earths under "
            "export control: samarium, gadolinium, terbium, dysprosium, lutetium, "
            "scandium and yttrium. Exporters must apply for a licence before "
            "shipping.</p>"
        ),
        _heading("Why dysprosium and terbium matter"),
        _p(
            "<p>Dysprosium and terbium keep permanent magnets working at high "
            "temperatures, in motors for electric vehicles and wind turbines. Few "
            "refiners outside China process them at scale.</p>"
        ),
    ],
    "sources": [
        {"label": "MOFCOM announcement", "url": MOFCOM_URL, "publisher": "MOFCOM"},
    ],
}

OCTOBER_EXPANSION = {
    "slug": "october-2025-expansion-and-suspension",
    "title": "October 2025: controls expand, then a one-year pause",
    "dek": "MOFCOM widened its rare-earth controls in October 2025, then suspended the "
    "expansion for a year.",
    "date": dt.date(2025, 11, 10),
    "authors": ["tomas-reyes"],
    "topics": ["export-controls", "rare-earths"],
    "related_events": ["october-2025-expansion", "october-2025-expansion-suspended"],
    "cover": {
        "title": "Demo cover: the October 2025 expansion",
        "draw": _cover(*SEVEN, "Nd", "Pr", background="#16191d", tile="#a3261b"),
        "alt": _cover_alt([*SEVEN, "Nd", "Pr"]),
    },
    "highlights": [
        _h(
            "The October 2025 measures extended rare-earth export controls beyond the "
            "April list.",
            _cite("MOFCOM announcement", MOFCOM_URL),
        ),
        _h(
            "The expansion was later suspended for one year; the April 2025 controls "
            "stayed in force.",
            _cite("MOFCOM announcement", MOFCOM_URL),
        ),
    ],
    "body": [
        _heading("The expansion"),
        _p(
            "<p>In October 2025 MOFCOM announced a broader set of controls on "
            "rare-earth items, reaching further along the supply chain than the "
            "April measures.</p>"
        ),
        _heading("The suspension"),
        _p(
            "<p>The ministry then suspended the October expansion for one year. The "
            "suspension left the April 2025 licensing requirement for the seven "
            "medium and heavy rare earths untouched.</p>"
        ),
    ],
    "sources": [
        {"label": "MOFCOM announcement", "url": MOFCOM_URL, "publisher": "MOFCOM"},
    ],
}

ARTICLES = [GENERAL_LICENCE_NOTE, APRIL_CONTROLS, OCTOBER_EXPANSION]


def _home_page() -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()
    placeholder = None
    if (
        site
        and type(site.root_page.specific) is Page
        and not site.root_page.get_children()
    ):
        # Wagtail's install creates a bare "Welcome" page; our home page replaces it.
        placeholder = site.root_page
        placeholder.slug = "welcome-placeholder"
        placeholder.save()
    home = root.add_child(
        instance=HomePage(
            title="rexchange",
            slug="home",
            intro="Close reading of rare-earth and critical-mineral supply-chain "
            "policy.",
        )
    )
    if site is None:
        site = Site(is_default_site=True)
    # The address `make run` serves on, so canonical URLs work locally.
    site.hostname, site.port = "127.0.0.1", 8000
    site.root_page = home
    site.site_name = "rexchange"
    site.save()
    if placeholder is not None:
        placeholder.delete()
    return home


def _index_page(home: HomePage) -> ArticleIndexPage:
    index = ArticleIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=ArticleIndexPage(
                title="Analysis",
                slug="analysis",
                intro="Our notes on licences, controls and what the reporting misses.",
                show_in_menus=True,
            )
        )
    return index


def _event(slug: str) -> LicenceEventPage:
    event = LicenceEventPage.objects.filter(slug=slug).first()
    if event is None:
        raise LookupError(
            f"Demo event '{slug}' is missing: load the policy demo first "
            "(policy.demo.demo_policy_load, which load_demo runs)."
        )
    return event


def demo_image(*, title: str, draw: Callable[[], bytes]):
    """The Wagtail image with this title, drawn and stored the first time only."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).order_by("pk").first()
    if image is None:
        image = Image(
            title=title,
            file=ImageFile(io.BytesIO(draw()), name=f"{slugify(title)}.png"),
        )
        # Size and hash, as the admin's upload form records them.
        image._set_image_file_metadata()
        image.save()
    return image


def _resolve(value):
    """Replace EventRefs and ImageRefs anywhere in a block value with the event
    pages and images."""
    if isinstance(value, EventRef):
        return _event(value.slug)
    if isinstance(value, ImageRef):
        return get_image_model().objects.filter(title=value.title).order_by("pk")[0]
    if isinstance(value, dict):
        return {k: _resolve(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_resolve(v) for v in value)
    return value


def _article(index: ArticleIndexPage, spec: dict, authors: dict, topics: dict):
    page = ArticlePage.objects.filter(slug=spec["slug"]).first()
    if page is not None:
        # Already loaded: leave editors' changes and revision history alone.
        return page
    page = ArticlePage(slug=spec["slug"])
    page.title = spec["title"]
    page.dek = spec["dek"]
    page.publication_date = spec["date"]
    page.highlights = _resolve(spec["highlights"])
    page.body = _resolve(spec["body"])
    page.related_events = [_event(slug) for slug in spec.get("related_events", [])]
    page.sources = [("source", s) for s in spec["sources"]]
    page.topics = [topics[s] for s in spec["topics"]]
    cover = spec["cover"]
    page.hero_image = demo_image(title=cover["title"], draw=cover["draw"])
    page.hero_alt, page.hero_credit = cover["alt"], CREDIT
    page.bylines = [
        ArticleAuthor(author=authors[s], sort_order=i)
        for i, s in enumerate(spec["authors"])
    ]
    # Stored as the admin stores it (rich text as the editor writes it back, every
    # block child present), so Compare after an unchanged admin save shows nothing.
    page_streams_as_admin_saves(page, "highlights", "body", "sources")
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def demo_site_load() -> HomePage:
    """Create or refresh the demo site's frame: home page, settings, analysis index."""
    home = _home_page()
    site = Site.objects.get(root_page=home)
    settings = PublicationSettings.for_site(site)
    settings.publication_name = "rexchange"
    settings.tagline = "Rare-earth and critical-mineral policy, read closely"
    settings.copyright_holder = "rexchange Analysis Ltd"
    settings.copyright_start_year = 2025
    settings.footer_line = "rexchange is a trademark of rexchange Analysis Ltd."
    settings.save()
    _index_page(home)
    return home


@transaction.atomic
def demo_articles_load() -> dict[str, int]:
    """Create or refresh the demo articles, authors and topics; the policy demo's
    events must exist, since the reference note embeds and cites them."""
    home = demo_site_load()

    demo_image(
        title=CHART_IMAGE, draw=lambda: chart_png(title=CHART_TITLE, rows=_chart_rows())
    )
    authors = {}
    for spec in AUTHORS:
        author, _ = Author.objects.update_or_create(
            slug=spec["slug"],
            defaults={"name": spec["name"], "role": spec["role"], "bio": spec["bio"]},
        )
        if author.photo_id is None:
            # A placeholder until the newsroom uploads a real photo; never replaces one.
            author.photo = demo_image(
                title=f"Demo portrait: {spec['name']}",
                draw=lambda spec=spec: portrait_png(
                    name=spec["name"], colour=spec["colour"]
                ),
            )
            author.save(update_fields=["photo"])
        authors[spec["slug"]] = author
    topics = {}
    for slug, name, description in TOPICS:
        topics[slug], _ = Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    index = _index_page(home)
    pages = [_article(index, spec, authors, topics) for spec in ARTICLES]
    if home.featured_article_id != pages[0].pk:
        home.featured_article = pages[0]
        home.save_revision().publish()
    return {"articles": len(pages), "authors": len(authors), "topics": len(topics)}


# -- every block, once -------------------------------------------------------------
# The contract check (deploy/contract-check) serves an article holding one block of
# every type the body allows, so each block's API shape is exercised against the
# schema; the tests build their bodies with the same function.

EVERY_BLOCK_SLUG = "every-block-once"


def demo_every_block_body(*, event, report, image) -> list[tuple[str, object]]:
    """An article body holding one block of every type the body allows."""
    return [
        ("heading", {"text": "What actually changed", "level": "2"}),
        ("paragraph", f'<p>MOFCOM <a href="{MOFCOM_URL}">said</a>.</p>'),
        ("quote", {"quote": "Licences remain conditional.", "attribution": ""}),
        (
            "figure",
            {"image": image, "alt_text": "A chart", "caption": "", "credit": ""},
        ),
        ("callout", {"title": "General licences", "text": "<p>An aside.</p>"}),
        ("embed", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        (
            "what_changed",
            {
                "title": "",
                "changed": [{"dimension": "procedure", "statement": "Faster."}],
                "unchanged": [],
                "undisclosed": [{"dimension": "exporters", "statement": "Unnamed."}],
            },
        ),
        ("event_facts", {"event": event, "title": "", "show_transitions": True}),
        (
            "reporting_assessment",
            {
                "report": report,
                "source_name": "",
                "url": "",
                "title": "",
                "gets_right": ["The approvals."],
                "leaves_out": ["Which firms."],
            },
        ),
    ]


def _demo_report():
    """A trade-press report of MOFCOM's statement, stored the way ingestion stores
    one, with an editor's note on what it leaves out."""
    source, _ = Source.objects.get_or_create(
        url=f"{ASIAN_METAL_URL}rss/rare-earths.xml",
        defaults={"name": "Asian Metal (rare earths)", "active": False},
    )
    text = "MOFCOM said some applications for general export licences were approved."
    reports_upsert(
        source=source,
        entries=[
            FeedEntry(
                guid="demo:mofcom-general-licences",
                url=f"{ASIAN_METAL_URL}news/mofcom-general-licences",
                title="MOFCOM approves first general licences for rare-earth exports",
                author=None,
                published_at=dt.datetime(2025, 12, 4, 8, 0, tzinfo=dt.UTC),
                summary=text,
                sanitized_html=f"<p>{text}</p>",
                text=text,
                language="en",
                content_hash="0" * 64,
            )
        ],
    )
    report = Report.objects.get(source=source, dedupe_key__endswith="general-licences")
    Annotation.objects.get_or_create(
        report=report,
        kind=Annotation.Kind.LEAVES_OUT,
        defaults={"note": "It does not say which exporters were approved."},
    )
    return report


def _demo_image():
    """A small plain chart image, drawn here so the demo needs no files."""

    def draw() -> bytes:
        buffer = io.BytesIO()
        PillowImage.new("RGB", (64, 40), (40, 90, 140)).save(buffer, format="PNG")
        return buffer.getvalue()

    return demo_image(title="Export volumes", draw=draw)


@transaction.atomic
def demo_every_block_article_load() -> ArticlePage:
    """Publish the article holding one block of every type (idempotent); it embeds
    the general-licence event and assesses a stored trade-press report."""
    page = ArticlePage.objects.filter(slug=EVERY_BLOCK_SLUG).first()
    if page is not None:
        return page
    index = _index_page(demo_site_load())
    page = ArticlePage(
        slug=EVERY_BLOCK_SLUG,
        title="Every block, once",
        dek="A reference piece that uses each kind of block the body offers.",
        publication_date=dt.date(2025, 12, 5),
    )
    event = _event(GENERAL_LICENCE_EVENT)
    report = _demo_report()
    page.highlights = [
        _h(
            "General licences replace case-by-case approval for some exporters.",
            {"label": "", "url": "", "event": event, "report": report},
        )
    ]
    page.body = demo_every_block_body(event=event, report=report, image=_demo_image())
    page.related_events = [event]
    index.add_child(instance=page)
    page.save_revision().publish()
    return page
