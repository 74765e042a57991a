from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.models import District, User

from . import components
from . import phases as phase_registry
from .models import BudgetRound, Eligibility


class RoundForm(forms.ModelForm):
    class Meta:
        model = BudgetRound
        fields = [
            "name_sv",
            "name_en",
            "kind",
            "audience",
            "summary_sv",
            "summary_en",
            "total_budget",
            "eligibility",
            "unit",
            "rules_text_sv",
            "rules_text_en",
            "pseudonyms_allowed",
        ]
        widgets = {
            "summary_sv": forms.Textarea(attrs={"rows": 2}),
            "summary_en": forms.Textarea(attrs={"rows": 2}),
            "kind": forms.RadioSelect,
        }
        labels = {
            "name_en": _("Name in English"),
            "summary_en": _("Summary in English"),
            "rules_text_en": _("Rules in English"),
        }
        help_texts = {
            "name_en": _("Leave it empty and English pages show the Swedish text, and say so."),
            "summary_sv": _("One or two sentences shown in lists."),
            "rules_text_sv": _("The rules of the round in plain language."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("name", "summary", "rules_text"):  # the Swedish text has the plain label
            self.fields[f"{name}_sv"].label = capfirst(
                BudgetRound._meta.get_field(name).verbose_name
            )
        self.fields["name_sv"].required = True
        self.fields["summary_sv"].required = True
        for name in ("name_en", "summary_en", "rules_text_en", "rules_text_sv"):
            self.fields[name].required = False
        self.fields["total_budget"].widget.attrs.update({"inputmode": "numeric", "min": 1})
        self.fields["total_budget"].help_text = _("Only for a budget round.")
        self.fields["kind"].choices = components.kind_choices()

    def clean(self):
        data = super().clean()
        if data.get("eligibility") == Eligibility.UNIT and not data.get("unit"):
            self.add_error("unit", _("Choose the organisation unit whose employees take part."))
        if data.get("eligibility") != Eligibility.UNIT:
            data["unit"] = None
        kind = data.get("kind")
        needs_money = kind and components.process_kind(kind).needs_money
        if needs_money and not data.get("total_budget"):
            self.add_error("total_budget", _("The budget must be more than 0 kr."))
        if kind and not needs_money:
            data["total_budget"] = None  # a dialogue has no money to decide on
        return data


class AreaForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Area"), max_length=100, required=False)
    budget = forms.IntegerField(label=_("Budget (kr)"), min_value=1, required=False)
    district = forms.ModelChoiceField(
        label=_("District of its residents"), queryset=District.objects.all(), required=False
    )
    delete = forms.BooleanField(label=_("Remove"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("budget") and not data.get("delete"):
            self.add_error("budget", _("Give the area's budget in kronor."))
        if data.get("budget") and not data.get("name"):
            self.add_error("name", _("Give the area a name."))
        return data


AreaFormSet = forms.formset_factory(AreaForm, extra=3, max_num=50)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ScheduleForm(forms.Form):
    """Start and end of each phase the process's kind can have. Leave a phase empty to skip
    it."""

    def __init__(self, *args, budget_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = budget_round.kind_spec.phase_kinds()
        for kind in self.kinds:
            label = phase_registry.label(kind)
            self.fields[f"{kind}_start"] = forms.DateTimeField(
                label=_("%(phase)s starts") % {"phase": label}, required=False, widget=DATETIME
            )
            self.fields[f"{kind}_end"] = forms.DateTimeField(
                label=_("%(phase)s ends") % {"phase": label}, required=False, widget=DATETIME
            )

    def phase_fields(self):
        return [(phase_registry.label(k), self[f"{k}_start"], self[f"{k}_end"]) for k in self.kinds]

    def clean(self):
        data = super().clean()
        for kind in self.kinds:
            if data.get(f"{kind}_end") and not data.get(f"{kind}_start"):
                self.add_error(f"{kind}_start", _("Give the start as well as the end."))
        return data

    def schedule(self) -> dict:
        data = self.cleaned_data
        return {
            k: (data[f"{k}_start"], data.get(f"{k}_end"))
            for k in self.kinds
            if data.get(f"{k}_start")
        }

    @classmethod
    def initial_for(cls, budget_round):
        initial = {}
        for phase in budget_round.phases.all():
            initial[f"{phase.kind}_start"] = phase.starts_at
            initial[f"{phase.kind}_end"] = phase.ends_at
        return initial


class CategoriesForm(forms.Form):
    names = forms.CharField(
        label=_("Categories"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One category per line, for example “Play and sports”."),
    )


class OfficialsForm(forms.Form):
    officials = forms.ModelMultipleChoiceField(
        label=_("Case officers of the round"),
        queryset=User.objects.filter(is_official=True, is_active=True).order_by("full_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only they (and administrators) can change the round, its roll and its count."),
    )
