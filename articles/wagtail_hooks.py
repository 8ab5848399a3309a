"""Admin registration for the editorial snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, Topic


class AuthorViewSet(SnippetViewSet):
    """Authors credited in bylines."""

    model = Author
    icon = "user"
    menu_label = "Authors"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "role"]


class TopicViewSet(SnippetViewSet):
    """Topics articles are filed under."""

    model = Topic
    icon = "tag"
    menu_label = "Topics"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)
register_snippet(TopicViewSet)
