import copy

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.models import District, User

from . import components
from . import phases as phase_registry
from .models import TRANSLATED_FIELDS, Audience, BudgetRound, Eligibility


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
            "decision_body_sv",
            "decision_body_en",
            "decision_subject_sv",
            "decision_subject_en",
            "decision_when_sv",
            "decision_when_en",
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
            "decision_body_en": _("Who decides, in English"),
            "decision_subject_en": _("What is decided, in English"),
            "decision_when_en": _("When it is decided, in English"),
        }
        help_texts = {
            "name_en": _("Leave it empty and English pages show the Swedish text, and say so."),
        }

    # The fields asking which decision the process informs, in a fieldset of their own.
    DECISION_FIELDS = tuple(
        f"decision_{part}_{language}"
        for part in ("body", "subject", "when")
        for language in ("sv", "en")
    )

    def __init__(self, *args, kind: str | None = None, **kwargs):
        """`kind`: a new process of this kind (the kind is not asked). A process being edited
        keeps a kind without money: a dialogue is never asked for a budget."""
        super().__init__(*args, **kwargs)
        for name in TRANSLATED_FIELDS:  # the Swedish text has the plain label
            self.fields[f"{name}_sv"].label = capfirst(
                BudgetRound._meta.get_field(name).verbose_name
            )
            self.fields[f"{name}_sv"].help_text = BudgetRound._meta.get_field(name).help_text
        for part in ("body", "subject", "when"):  # the example is in the Swedish field's help
            self.fields[f"decision_{part}_en"].help_text = ""
        for name in TRANSLATED_FIELDS:
            self.fields[f"{name}_en"].required = False
            self.fields[f"{name}_sv"].required = name in ("name", "summary")
        self.fields["total_budget"].widget.attrs.update({"inputmode": "numeric", "min": 1})
        self.fields["total_budget"].help_text = _("Only for a budget round.")
        self.fields["kind"].choices = components.kind_choices()
        kind = self.instance.kind if self.instance.pk else kind
        self.fixed_kind = kind if kind in dict(components.kind_choices()) else None
        if self.fixed_kind and not components.process_kind(self.fixed_kind).needs_money:
            del self.fields["kind"], self.fields["total_budget"]
            self._meta = copy.copy(self._meta)  # this form's, not the class's
            self._meta.fields = [f for f in self._meta.fields if f in self.fields]
            # Residents of the areas take part where there is money by area; a dialogue has none.
            self.fields["eligibility"].choices = [
                c for c in Eligibility.choices if c[0] != Eligibility.RESIDENTS
            ]
            self.instance.kind = self.fixed_kind
        elif self.fixed_kind and not self.instance.pk:
            self.fields["kind"].initial = self.fixed_kind
            self.fields["kind"].widget = forms.HiddenInput()
        if not self.fixed_kind or components.process_kind(self.fixed_kind).holds("voting"):
            self.fields["eligibility"].choices = [
                c for c in self.fields["eligibility"].choices if c[0] != Eligibility.ANYONE
            ]
        if self.fixed_kind and components.process_kind(self.fixed_kind).needs_decision:
            self.decision_legend = _("The decision the dialogue informs")
            self.decision_help = _(
                "Residents see which decision their views are for. Needed before you publish."
            )
            for part in ("body", "subject", "when"):
                # Not "(optional)": a draft may wait for it, publishing may not.
                self.fields[f"decision_{part}_sv"].needed_later = True
        else:
            self.decision_legend = _("The decision the round informs (optional)")
            self.decision_help = ""

    def _visible(self, *, before_decision: bool):
        names = list(self.fields)
        first_after = names.index("decision_body_sv")
        return [
            f
            for f in self.visible_fields()
            if f.name not in self.DECISION_FIELDS
            and (names.index(f.name) < first_after) == before_decision
        ]

    def fields_before_decision(self):
        return self._visible(before_decision=True)

    def fields_after_decision(self):
        return self._visible(before_decision=False)

    def decision_fields(self):
        return [self[name] for name in self.DECISION_FIELDS]

    def clean(self):
        data = super().clean()
        if "kind" not in self.fields:
            data["kind"] = self.fixed_kind
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


class OverviewFilterForm(forms.Form):
    """The overview's filters, sent with GET so they work without JavaScript and can be
    bookmarked. An unknown value is ignored: the page then lists everything."""

    typ = forms.ChoiceField(
        label=_("Type"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", _("All")),
            ("budget", _("Budget rounds")),
            ("dialog", _("Dialogues")),
        ],
    )
    for_ = forms.ChoiceField(
        label=_("For whom"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", _("Everyone")),
            ("invanare", _("Residents")),
            ("anstallda", _("Employees")),
        ],
    )
    KINDS = {"budget": components.BUDGET, "dialog": components.DIALOGUE}
    AUDIENCES = {"invanare": Audience.CITIZEN, "anstallda": Audience.STAFF}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["for"] = self.fields.pop("for_")
        for field in self.fields.values():
            field.initial = ""

    def filter(self, processes):
        if not self.is_bound or not self.is_valid():
            return processes
        if kind := self.KINDS.get(self.cleaned_data["typ"]):
            processes = processes.filter(kind=kind)
        if audience := self.AUDIENCES.get(self.cleaned_data["for"]):
            processes = processes.filter(audience=audience)
        return processes
