"""Forms for the inbox: an annotation, and the regulator for an event draft."""

from django import forms

from policy.models import Regulator
from policy.reporting.models import Annotation


class AnnotationForm(forms.ModelForm):
    """An editor's annotation; the service checks the quote against the report."""

    class Meta:
        model = Annotation
        fields = ["kind", "quote", "note", "verdict"]
        widgets = {
            "quote": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "quote": "Exact words from the report, as written there; required for "
            "a quote, optional otherwise.",
        }

    def _post_clean(self):
        # Model validation (the quote check) runs in the service, which reports
        # errors back onto this form; skip the ModelForm's own instance pass.
        pass


class EventDraftForm(forms.Form):
    """What a draft event needs beyond the report: who regulates it."""

    regulator = forms.ModelChoiceField(
        queryset=Regulator.objects.order_by("short_name"),
        help_text="The body whose licence or control this report is about.",
    )
