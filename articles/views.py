"""Reader discovery pages: site search and the topic, author, material and regulator
pages that gather articles and licence events. Thin: parse input, call a selector,
render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from policy.models import Material, Regulator
from policy.selectors.tracker import material_page_url, policy_tracker_visible

from .models import ARTICLES_PER_PAGE, Author, Topic
from .selectors import (
    EVENTS_ON_DISCOVERY_PAGES,
    article_listed_queryset,
    licence_event_listed_queryset,
    search_hits,
    site_search,
)

RESULTS_PER_PAGE = 10


def search(request):
    """Search live analysis and licence events; any query gives a normal page."""
    terms, results = site_search(query=request.GET.get("q"))
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    hits = search_hits(pages=list(page_obj.object_list), terms=terms)
    query = " ".join(terms)
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "searched": "q" in request.GET,
            "results": page_obj,
            "hits": hits,
            "pagination_query": urlencode({"q": query}),
        },
    )


def _feeds(name: str, slug: str | None = None) -> list[dict]:
    args = (slug,) if slug else ()
    return [
        {"type": "application/rss+xml", "url": reverse(f"{name}_rss", args=args)},
        {"type": "application/atom+xml", "url": reverse(f"{name}_atom", args=args)},
    ]


def _detail(request, *, kind: str, obj, articles, events, intro: str, feeds=None):
    page_obj = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "articles/discovery_detail.html",
        {
            "kind": kind,
            "object": obj,
            "heading": str(obj),
            "intro": intro,
            "articles": page_obj,
            "events": list(events[:EVENTS_ON_DISCOVERY_PAGES]),
            "tracker": policy_tracker_visible(request=request),
            "feeds": feeds or [],
        },
    )


def topic_detail(request, slug: str):
    """A topic: its analysis and the licence events that analysis discusses."""
    topic = get_object_or_404(Topic, slug=slug)
    articles = article_listed_queryset(topic=topic)
    return _detail(
        request,
        kind="Topic",
        obj=topic,
        articles=articles,
        events=licence_event_listed_queryset(articles=articles),
        intro=topic.description,
        feeds=[
            {**f, "title": f"{topic.name}: analysis"}
            for f in _feeds("feed_topic", topic.slug)
        ],
    )


def author_detail(request, slug: str):
    """An author: their analysis and the licence events it discusses."""
    author = get_object_or_404(Author, slug=slug)
    articles = article_listed_queryset(author=author)
    return _detail(
        request,
        kind="Author",
        obj=author,
        articles=articles,
        events=licence_event_listed_queryset(articles=articles),
        intro=author.role,
    )


def material_detail(request, slug: str):
    """The old address of a material's page: it moved under the policy tracker, which
    shows the material's events, regime, open questions and analysis on one page."""
    material = get_object_or_404(Material, slug=slug)
    tracker = policy_tracker_visible(request=request)
    if tracker is None:
        raise Http404("No policy tracker is published.")
    return HttpResponsePermanentRedirect(
        material_page_url(material=material, tracker=tracker, request=request)
    )


def regulator_detail(request, slug: str):
    """A regulator: its licence events and the analysis that discusses them."""
    regulator = get_object_or_404(Regulator, slug=slug)
    return _detail(
        request,
        kind="Regulator",
        obj=regulator,
        articles=article_listed_queryset(regulator=regulator),
        events=licence_event_listed_queryset(regulator=regulator),
        intro=regulator.name,
    )


def _index(request, *, heading: str, items, url_name: str):
    return render(
        request,
        "articles/discovery_index.html",
        {
            "heading": heading,
            "items": [(str(i), reverse(url_name, args=(i.slug,))) for i in items],
        },
    )


def topic_index(request):
    """Every topic, alphabetically."""
    return _index(
        request, heading="Topics", items=Topic.objects.all(), url_name="topic"
    )


def author_index(request):
    """Every author, alphabetically."""
    return _index(
        request, heading="Authors", items=Author.objects.all(), url_name="author"
    )


def material_index(request):
    """Every material in the policy record, alphabetically, linked to its page under
    the policy tracker."""
    tracker = policy_tracker_visible(request=request)
    items = (
        [
            (str(m), material_page_url(material=m, tracker=tracker, request=request))
            for m in Material.objects.all()
        ]
        if tracker is not None
        else []
    )
    return render(
        request,
        "articles/discovery_index.html",
        {"heading": "Materials", "items": items},
    )


def regulator_index(request):
    """Every regulator in the policy record."""
    return _index(
        request,
        heading="Regulators",
        items=Regulator.objects.all(),
        url_name="regulator",
    )
