"""Submit Wagtail admin page forms the way a browser does."""

from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)


def admin_form_data(client, url: str, *, streams: dict | None = None):
    """The admin page form at `url` as a browser would submit it.

    Read from the page's own HTML, so every field, inline formset and default is what
    the admin drew. StreamFields are drawn by JavaScript, so their fields are not in
    the HTML: pass each one's blocks as `{field: [(block_type, value), ...]}`; a
    ListBlock inside a value is written `{"count": "0"}` when empty.

    Post it as `dict(data.lists())`: given a QueryDict, Django's test client posts
    only the last value of each field, so all but one ticked topic, event or
    material would be dropped.
    """
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for field, blocks in (streams or {}).items():
        for key, value in nested_form_data({field: streamfield(blocks)}).items():
            data[key] = value
    return data


def article_streams(*highlights: str) -> dict:
    """StreamField data for an ArticlePage form: highlights, empty body and sources."""
    return {
        "highlights": [
            ("highlight", {"text": text, "citations": {"count": "0"}})
            for text in highlights
        ],
        "body": [],
        "sources": [],
    }
