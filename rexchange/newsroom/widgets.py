"""Form widgets the newsroom's editors use in the admin."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string


class SearchableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """A checkbox list with a filter box above it, for choosing several of many.

    Posts exactly what Django's CheckboxSelectMultiple posts (the model field and
    the forms reading it are unchanged). Options already chosen come first; the
    filter box, the count of chosen items and the keyboard handling are
    static/js/searchable-choices.js, a Stimulus controller (the admin's CSP allows
    no inline script). Without JavaScript the filter box stays hidden and the list
    works as plain checkboxes.
    """

    wrapper_template_name = "rexchange/widgets/searchable_choices.html"

    class Media:
        js = ["js/searchable-choices.js"]
        css = {"all": ["css/searchable-choices.css"]}

    def __init__(self, attrs=None, choices=(), *, noun: str = "items"):
        super().__init__(attrs, choices)
        self.noun = noun

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        # Chosen first, each part in the queryset's order; a stable sort keeps the
        # original index, so each checkbox keeps its id.
        return sorted(groups, key=lambda g: not any(o["selected"] for o in g[1]))

    def render(self, name, value, attrs=None, renderer=None):
        # The checkbox list is Django's own markup, drawn by the form renderer; the
        # frame around it is a project template (the form renderer does not read
        # the project's template folder).
        checkboxes = super().render(name, value, attrs, renderer)
        list_id = self.build_attrs(self.attrs, attrs).get("id") or f"id_{name}"
        return render_to_string(
            self.wrapper_template_name,
            {"checkboxes": checkboxes, "list_id": list_id, "noun": self.noun},
        )
