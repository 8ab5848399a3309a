"""Editorial pages and snippets: home, analysis index, articles, authors, topics."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from policy.selectors.choosers import licence_event_choice_queryset
from rexchange.cache.fragments import page_fragments
from rexchange.newsroom.slugs import FreshSlugFormMixin
from rexchange.newsroom.widgets import SearchableCheckboxSelectMultiple
from rexchange.publication.absolute_urls import SiteRootUrlMixin
from rexchange.publication.folded_relations import Fold, fold
from rexchange.publication.routing import route_below, routes_by_slug
from rexchange.publication.visibility import hidden_sections, pages_visible

from . import images
from .blocks import ArticleBodyBlock, HighlightsBlock, SourceBlock
from .page_context import article_page_context
from .reading_time import reading_minutes
from .search_text import stream_texts
from .toc import heading_anchors

ARTICLES_PER_PAGE = 10


class Author(index.Indexed, models.Model):
    """A writer or analyst credited on articles."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(
        max_length=120, blank=True, help_text="e.g. 'Senior analyst, export controls'."
    )
    bio = RichTextField(features=["bold", "italic", "link"], blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(index.Indexed, models.Model):
    """A subject articles are filed under, e.g. 'Export controls'."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class HomePage(SiteRootUrlMixin, Page):
    """The site root: a featured piece and the latest analysis."""

    intro = models.CharField(max_length=300, blank=True)
    featured_article = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown first and largest. Leave empty to feature the newest piece.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("featured_article"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticleIndexPage", "policy.PolicyTrackerPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listed = ArticlePage.objects.listed(request=request).with_card_images()
        latest = list(listed[:7])
        featured = None
        if self.featured_article_id:
            featured = listed.filter(pk=self.featured_article_id).first()
        if featured is None:
            featured = latest[0] if latest else None
        context["featured"] = featured
        context["latest"] = [
            a for a in latest if featured is None or a.pk != featured.pk
        ][:6]
        context["analysis_index"] = ArticleIndexPage.objects.live().first()
        return context

    def route(self, request, path_components):
        # Every page below the site root in two queries (rexchange.publication.routing).
        found = route_below(self, request, path_components) if path_components else None
        return found or super().route(request, path_components)


class ArticleIndexPage(SiteRootUrlMixin, Page):
    """The analysis listing: newest first, paginated, filterable by topic."""

    intro = models.CharField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["articles.HomePage"]
    subpage_types = ["articles.ArticlePage"]

    @routes_by_slug
    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        # Every child is an article: read it as one in a single query, where Wagtail
        # reads the base page and then the article.
        article = ArticlePage.routed_queryset(
            ArticlePage.objects.child_of(self).filter(slug=path_components[0])
        )
        article = article.first()
        if article is None:
            raise Http404
        article._cached_parent_obj = self
        return article.route(request, path_components[1:])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            ArticlePage.objects.listed(request=request)
            .descendant_of(self)
            .with_card_images()
        )
        topic = Topic.objects.filter(slug=request.GET.get("topic", "")[:80]).first()
        if "topic" in request.GET:
            articles = articles.filter(topics=topic) if topic else articles.none()
        page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            articles=page,
            topic=topic,
            topic_requested=request.GET.get("topic", ""),
            topics=Topic.objects.all(),
        )
        return context


class ArticlePageQuerySet(PageQuerySet):
    """Queries over articles; `listed()` is the one filter for what readers may see."""

    def listed(self, *, request=None) -> ArticlePageQuerySet:
        """Articles readers may see (`rexchange.publication.visibility`), newest
        first, with bylines and topics read in the same query."""
        return (
            pages_visible(self, hidden=hidden_sections(request=request))
            .order_by("-publication_date", "-first_published_at", "-pk")
            ._with_topics_and_bylines()
        )

    def _with_topics_and_bylines(self) -> ArticlePageQuerySet:
        """Each article's topics and bylines (with their authors) in its own row,
        read as if prefetched (rexchange.publication.folded_relations)."""
        return fold(self, TOPICS_FOLD, BYLINES_FOLD)

    def with_card_images(self) -> ArticlePageQuerySet:
        """With each lead image joined and its card renditions prefetched: one
        query for any number of cards."""
        return self.select_related("hero_image").prefetch_related(
            images.renditions_prefetch("hero_image", images.CARD, images.CARD_LEAD)
        )


class ArticleAuthor(Orderable):
    """The byline: an author credited on an article, in order."""

    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")

    panels = [FieldPanel("author")]


TOPICS_FOLD = Fold(
    name="topics",
    queryset=Topic.objects.all(),
    parent_lookup="articles",
    fields={"id": "id", "name": "name", "slug": "slug", "description": "description"},
    order_by=("name",),
)
BYLINES_FOLD = Fold(
    name="bylines",
    queryset=ArticleAuthor.objects.all(),
    parent_lookup="page",
    fields={
        "id": "id",
        "sort_order": "sort_order",
        "page_id": "page_id",
        "author_id": "author_id",
    },
    order_by=("sort_order",),
    joined={
        "author": (
            Author,
            {
                "id": "author__id",
                "name": "author__name",
                "slug": "author__slug",
                "role": "author__role",
                "bio": "author__bio",
                "photo_id": "author__photo_id",
            },
        )
    },
)


@dataclass(frozen=True)
class TocEntry:
    """One line of an article's table of contents."""

    anchor: str
    text: str
    level: int


class ArticlePageForm(FreshSlugFormMixin, WagtailAdminPageForm):
    """The article editor: a title retyped after an abandoned draft still saves;
    related events are offered by date, regulator and title, and only those the
    writer may see (plus any already chosen)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        events = self.fields.get("related_events")
        if events is not None:
            chosen = [e.pk for e in self.instance.related_events.all()]
            events.queryset = licence_event_choice_queryset(
                user=self.for_user, chosen_ids=chosen
            )
            events.label_from_instance = lambda event: event.choice_label


class ArticlePage(SiteRootUrlMixin, Page):
    """An analysis piece: highlights, a structured body, sources and citations."""

    base_form_class = ArticlePageForm

    dek = models.CharField(
        max_length=300,
        help_text="One or two sentences under the title saying what the piece argues.",
    )
    publication_date = models.DateField(
        default=timezone.localdate,
        help_text="The date readers see; listings sort by it, newest first.",
    )
    topics = ParentalManyToManyField(Topic, blank=True, related_name="articles")
    related_events = ParentalManyToManyField(
        "policy.LicenceEventPage",
        blank=True,
        related_name="articles",
        help_text="Licence events this piece discusses; their pages link back here.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt = models.CharField(
        "hero alt text",
        max_length=250,
        blank=True,
        help_text="Required with a hero image: describe it for screen readers.",
    )
    hero_credit = models.CharField(
        max_length=120, blank=True, help_text="e.g. 'Photo: AP'."
    )
    highlights = StreamField(
        HighlightsBlock(),
        help_text="One to five short claims, each at most 280 characters.",
    )
    body = StreamField(ArticleBodyBlock(), blank=True)
    sources = StreamField([("source", SourceBlock())], blank=True)
    corrections = models.TextField(
        "corrections note",
        blank=True,
        help_text="Shown to readers at the end of the piece. Say what was wrong and "
        "what it now says, e.g. 'An earlier version gave the approval date as 3 "
        "December; it was 4 December.'",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("dek"),
        MultiFieldPanel(
            [
                InlinePanel("bylines", label="Author", min_num=0),
                FieldPanel(
                    "topics", widget=SearchableCheckboxSelectMultiple(noun="topics")
                ),
                FieldPanel(
                    "related_events",
                    widget=SearchableCheckboxSelectMultiple(noun="events"),
                ),
            ],
            heading="Byline, topics and events",
        ),
        FieldPanel("publication_date"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_alt"),
                FieldPanel("hero_credit"),
            ],
            heading="Hero image",
        ),
        FieldPanel("highlights"),
        FieldPanel("body"),
        FieldPanel("sources"),
        FieldPanel("corrections"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("dek"),
        index.SearchField("highlights"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []

    objects = PageManager.from_queryset(ArticlePageQuerySet)()

    class Meta:
        verbose_name = "article"

    @classmethod
    def routed_queryset(cls, pages):
        """How routing reads the article: with its hero image, which it shows, and
        its topics and bylines with their authors (the header, JSON-LD and related
        analysis read them) folded into the same query, as if prefetched. The
        authors' photos are images (files, which fold badly): the page reads them
        with its figures' (`get_context`)."""
        return fold(pages.select_related("hero_image"), TOPICS_FOLD, BYLINES_FOLD)

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_alt.strip():
            raise ValidationError(
                {"hero_alt": "Describe the hero image for screen readers."}
            )

    @cached_property
    def _anchored_body(self) -> list[tuple[object, str | None]]:
        headings = [b for b in self.body if b.block_type == "heading"]
        anchors = dict(
            zip(
                (id(b) for b in headings),
                heading_anchors([b.value.get("text", "") for b in headings]),
                strict=True,
            )
        )
        return [(b, anchors.get(id(b))) for b in self.body]

    @property
    def body_items(self) -> list[tuple[object, str | None]]:
        """Body blocks paired with their anchor (headings) or None (everything else)."""
        return self._anchored_body

    @cached_property
    def table_of_contents(self) -> list[TocEntry]:
        """Entries for every heading block, in order, with their anchors."""
        return [
            TocEntry(anchor=anchor, text=b.value["text"], level=int(b.value["level"]))
            for b, anchor in self._anchored_body
            if anchor is not None
        ]

    @property
    def show_table_of_contents(self) -> bool:
        """A contents list helps only when there are two or more sections."""
        return len(self.table_of_contents) >= 2

    @cached_property
    def reading_minutes(self) -> int:
        """Minutes to read the highlights and body, for the byline line."""
        return reading_minutes(
            [
                *stream_texts(self.highlights.raw_data),
                *stream_texts(self.body.raw_data),
            ]
        )

    @property
    def updated_on(self):
        """The day of the latest republication, when it came after the first one;
        None for a piece published once (or republished the same day)."""
        first, last = self.first_published_at, self.last_published_at
        if first and last and last.date() > first.date():
            return last.date()
        return None

    def structured_data(self, request=None) -> dict:
        """schema.org NewsArticle for search engines, from the page's own fields."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.dek,
            "datePublished": self.publication_date.isoformat(),
            "author": [
                {"@type": "Person", "name": b.author.name} for b in self.bylines.all()
            ],
            "articleSection": [t.name for t in self.topics.all()],
            "mainEntityOfPage": (full_url := self.get_full_url(request)),
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.social_rendition is not None:
            url = images.absolute_url(self.social_rendition.url, base=full_url)
            data["image"] = [url]
        return data

    @cached_property
    def social_rendition(self):
        """The lead image as a 1200×630 social card, or None without a usable one
        (no lead image, or its file is missing from storage)."""
        if self.hero_image is None:
            return None
        rendition = get_rendition_or_not_found(self.hero_image, images.SOCIAL)
        return rendition if rendition.width else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The head and the text, as rendered for the current published state: a
        # hit needs none of the reads below (rexchange/cache/fragments.py).
        context["page_fragments"] = fragments = page_fragments(
            request, self, ("head", "article")
        )
        if fragments.hit:
            return context
        # Routing reads the bylines (with their authors) and topics in the page's
        # own query (`routed_queryset`); a page read otherwise has them prefetched
        # here, once, for the byline, topics and JSON-LD. A preview renders the
        # editor's unsaved bylines and topics, held in memory: reading them from
        # the database would show the wrong ones (or fail, for a new page).
        if self.pk and not getattr(request, "is_preview", False):
            prefetch_related_objects(
                [self],
                Prefetch(
                    "bylines", queryset=ArticleAuthor.objects.select_related("author")
                ),
                "topics",
            )
        context["bylines"] = bylines = list(self.bylines.all())
        context["article_topics"] = list(self.topics.all())
        authors = [b.author for b in bylines]
        # The authors' photos (and a lead image routing did not join) are read
        # with the figures' images, in one query.
        photos = [a for a in authors if a.photo_id and not Author.photo.is_cached(a)]
        hero_unread = bool(self.hero_image_id) and not (
            ArticlePage.hero_image.is_cached(self)
        )
        more_images = {a.photo_id for a in photos}
        if hero_unread:
            more_images.add(self.hero_image_id)
        # Events, reports and images chosen anywhere on the page, each kind read
        # once (articles/page_context.py).
        context.update(
            article_page_context(article=self, request=request, more_images=more_images)
        )
        page_images = context.pop("page_images")
        for author in photos:
            Author.photo.field.set_cached_value(
                author, page_images.get(author.photo_id)
            )
        if hero_unread:
            ArticlePage.hero_image.field.set_cached_value(
                self, page_images.get(self.hero_image_id)
            )
        # The selectors read these models, so they are imported when first needed.
        from .selectors import article_related_list

        context["related_analysis"] = related = article_related_list(
            article=self,
            event_ids=[e.pk for e in context["related_events"]],
            request=request,
            card_renditions=False,
        )
        # Every rendition the page shows, in one query: the lead image's widths
        # and social card, the figures', the authors' photos and the related
        # analysis cards'.
        images.attach_renditions(
            [
                (self.hero_image, (*images.HERO, images.SOCIAL)),
                *((image, (images.FIGURE,)) for image in page_images.values()),
                *((a.photo, (images.BYLINE_PHOTO,)) for a in authors),
                *((a.hero_image, (images.CARD, images.CARD_LEAD)) for a in related),
            ]
        )
        context["structured_data"] = self.structured_data(request)
        return context


class Highlight(models.Model):
    """A published highlight, copied from its article's live revision for the API.

    A read model: `articles.services.highlight_sync` rebuilds an article's rows on
    publish and removes them on unpublish, so highlights can be filtered and paged
    across articles without querying inside StreamField JSON. Readers' visibility
    (live, public) is still checked at query time in `articles.selectors`.
    """

    id = models.UUIDField(primary_key=True, editable=False)
    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="api_highlights"
    )
    block_id = models.CharField(
        max_length=64, help_text="The StreamField block id the highlight came from."
    )
    position = models.PositiveSmallIntegerField(help_text="1 for the first highlight.")
    text = models.TextField()
    citations = models.JSONField(
        default=list,
        help_text="The highlight's citations as stored: label, url, event, report.",
    )
    cited_events = models.ManyToManyField(
        "policy.LicenceEventPage", blank=True, related_name="citing_highlights"
    )
    cited_reports = models.ManyToManyField(
        "policy.Report", blank=True, related_name="citing_highlights"
    )
    published_at = models.DateTimeField(
        help_text="When this highlight first went live; never moves on later edits."
    )
    updated_at = models.DateTimeField(
        help_text="When its text, citations or position last changed on publish."
    )

    class Meta:
        ordering = ["-published_at", "article_id", "position", "id"]
        indexes = [
            models.Index(
                fields=["published_at", "article", "position", "id"],
                name="highlight_cursor",
            ),
            models.Index(fields=["updated_at"], name="highlight_updated"),
        ]

    def __str__(self) -> str:
        return self.text[:80]
