"""Officials' forms for effect goals. The forms check types and lengths; the rules (a target
on the right side of the baseline, one value per date) live in services, whose errors the
views show beside the field."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.accounts.models import Unit
from delaktig.core.forms import AccessibleErrorsMixin
from delaktig.processes.models import BudgetRound

from .imports import MAX_IMPORT_BYTES, parse_number
from .models import Goal, Indicator, Measurement

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%Y%m%d"]


class NumberField(forms.Field):
    """A number as people type it in Swedish: "12,5", "1 234,5" or "12.5"."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 30})

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(_("Write the value as a number, for example 12,5."))
        try:
            return parse_number(text)
        except ValueError as error:
            raise forms.ValidationError(error.args[0]) from error


def decimal_text(value: Decimal) -> str:
    """A stored value as the field shows it: 55.0000 → "55", 12.5000 → "12,5"."""
    whole = value == value.to_integral()
    return format(value.quantize(Decimal(1)) if whole else value.normalize(), "f").replace(".", ",")


class NumbersShownInSwedish:
    """Show an instance's stored numbers in the number fields as people type them."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, NumberField) and isinstance(self.initial.get(name), Decimal):
                self.initial[name] = decimal_text(self.initial[name])


class GoalForm(AccessibleErrorsMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "effect", "unit", "decided_by"]
        widgets = {"effect": forms.Textarea(attrs={"rows": 6})}
        labels = {"title": _("Name of the goal")}
        help_texts = {
            "title": _("Short, as people say it: “Fler känner sig trygga i sitt område”."),
            "effect": _(
                "What should be different for the people who live or work here, and why. "
                "You can use Markdown: a blank line starts a new paragraph."
            ),
            "decided_by": _(
                "The body that set the goal, with the date: “Kommunfullmäktige 2024-06-12, § 45”."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.order_by("name")
        self.fields["unit"].empty_label = _("The whole municipality")
        self.fields["decided_by"].required = True


class IndicatorForm(NumbersShownInSwedish, AccessibleErrorsMixin, forms.ModelForm):
    baseline = NumberField(label=_("Baseline"), help_text=_("The value when the goal was set."))
    target = NumberField(label=_("Target"), help_text=_("The value the goal aims for."))

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "baseline",
            "baseline_on",
            "target",
            "target_on",
            "direction",
            "source",
        ]
        widgets = {
            "baseline_on": DATE,
            "target_on": DATE,
            "direction": forms.RadioSelect,
        }
        help_texts = {
            "name": _("What is measured: “Andel som känner sig trygga utomhus på kvällen”."),
            "source": _("Where the figures come from: “SCB:s medborgarundersökning”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("baseline_on", "target_on"):
            self.fields[name].input_formats = DATE_FORMATS
        self.fields["target_on"].help_text = _("When the target should be reached.")


class MeasurementForm(NumbersShownInSwedish, AccessibleErrorsMixin, forms.ModelForm):
    value = NumberField(label=_("Value"), help_text=_("A number, for example 12,5."))

    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "comment"]
        widgets = {"measured_on": DATE}
        labels = {"measured_on": _("Date of the measurement")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "measured_on" in self.fields:  # not in the edit form: the date identifies a value
            self.fields["measured_on"].input_formats = DATE_FORMATS


class MeasurementEditForm(MeasurementForm):
    class Meta(MeasurementForm.Meta):
        fields = ["value", "comment"]


class ImportForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("File with values"),
        help_text=_("CSV (semicolon or comma) or Excel (.xlsx), at most 2 MB."),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is too large. It may be at most %(size)d MB.")
                % {"size": MAX_IMPORT_BYTES // (1024 * 1024)}
            )
        return uploaded


class RoundsForm(AccessibleErrorsMixin, forms.Form):
    rounds = forms.ModelMultipleChoiceField(
        label=_("Rounds and dialogues the goal serves"),
        queryset=BudgetRound.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rounds"].queryset = BudgetRound.objects.order_by("name")


class PickFilterForm(forms.Form):
    """The GET form that narrows hundreds of proposals or projects down to a few."""

    round = forms.ModelChoiceField(
        label=_("Round"),
        queryset=BudgetRound.objects.none(),
        required=False,
        empty_label=_("All rounds"),
    )
    q = forms.CharField(label=_("Words in the title"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = BudgetRound.objects.order_by("name")

    def filters(self) -> dict:
        if not self.is_valid():
            return {"round_id": None, "search": ""}
        chosen = self.cleaned_data["round"]
        return {"round_id": chosen.pk if chosen else None, "search": self.cleaned_data["q"]}
