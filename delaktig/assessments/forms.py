from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import AccessibleErrorsMixin
from delaktig.proposals.models import Proposal

from .models import Assessment, Verdict


class AssessmentForm(AccessibleErrorsMixin, forms.ModelForm):
    official_cost = forms.IntegerField(
        label=_("Official cost in kronor"),
        required=False,
        min_value=0,
        max_value=1_000_000_000,
        help_text=_("Required when the proposal is feasible. Whole kronor."),
        error_messages={"invalid": _("Write the cost as a whole number of kronor, e.g. 25000.")},
    )

    class Meta:
        model = Assessment
        fields = ["verdict", "reason", "official_cost"]
        labels = {"verdict": _("Verdict"), "reason": _("Public reason")}
        help_texts = {
            "reason": _("Shown to everyone and sent to the proposer. Write so they understand."),
        }
        widgets = {"verdict": forms.RadioSelect, "reason": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "verdict": {"required": _("Choose whether the proposal is feasible.")},
            "reason": {"required": _("Write the public reason for your assessment.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verdict"].choices = Verdict.choices
        self.fields["reason"].max_length = 5000

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("verdict") == Verdict.FEASIBLE and cleaned.get("official_cost") is None:
            self.add_error("official_cost", _("Give the cost of a feasible proposal."))
        return cleaned

    def _post_clean(self):
        # The service writes the assessment.
        pass


class MergeForm(AccessibleErrorsMixin, forms.Form):
    target = forms.ModelChoiceField(
        queryset=Proposal.objects.none(),
        label=_("Merge into this proposal"),
        empty_label=_("Choose a proposal"),
        help_text=_("The proposal you are looking at is closed and its supports move over."),
        error_messages={
            "required": _("Choose the proposal to merge into."),
            "invalid_choice": _("Choose one of the round's other proposals."),
        },
    )

    def __init__(self, *args, source: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Proposal.objects.active()
            .in_round(source.budget_round)
            .exclude(pk=source.pk)
            .order_by("title")
        )
