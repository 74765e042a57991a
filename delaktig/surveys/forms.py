"""Officials' forms for building a survey. The forms check types and lengths; the rules of
each question kind live in services.building, whose errors the views show beside the field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from delaktig.core.forms import AccessibleErrorsMixin

from .models import CHOICE_KINDS, Option, Question, QuestionKind, Survey
from .services.building import QuestionData, purposes_for

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurveyForm(AccessibleErrorsMixin, forms.ModelForm):
    min_group_size = forms.IntegerField(
        label=_("Smallest group shown (K)"),
        min_value=3,
        max_value=50,
        initial=5,
        help_text=_(
            "No result, chart or export shows a group with fewer answers than this, so that "
            "nobody's answers can be picked out. A number from 3 to 50; 5 is usual. Choose a "
            "higher number when the groups are small, such as a workplace."
        ),
        error_messages={
            "min_value": _("K must be at least 3, or single answers could be picked out."),
            "max_value": _("K can be at most 50."),
            "required": _("Give the smallest group shown, a number from 3 to 50."),
            "invalid": _("Give the smallest group shown as a whole number from 3 to 50."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Survey
        fields = [
            "title",
            "intro",
            "purpose",
            "access",
            "min_group_size",
            "opens_at",
            "closes_at",
            "free_text_max",
            "results_public",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.RadioSelect,
            "access": forms.RadioSelect,
            "opens_at": DATETIME,
            "closes_at": DATETIME,
        }

    def __init__(self, *args, process, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.process = process
        allowed = purposes_for(process)
        self.fields["purpose"].choices = [
            c for c in self.fields["purpose"].choices if c[0] in allowed
        ]
        if len(allowed) == 1:
            self.fields["purpose"].initial = allowed[0]
        self.fields["results_public"].help_text = _(
            "Under the same rule of the smallest group. Where the people who answer are known "
            "(signed in), the results are shown only after the survey has closed."
        )
        self.fields["free_text_max"].help_text = _(
            "The most characters a free-text answer may have, from 200 to 10,000."
        )
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if process.holds("consultation"):
            self.fields["opens_at"].help_text = _(
                "Leave both dates empty and the survey follows the dialogue's “open for views” "
                "phase."
            )
        else:
            self.fields["opens_at"].required = True
            self.fields["closes_at"].required = True
            self.fields["opens_at"].help_text = _("A survey in a budget round has its own dates.")

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return data


class SectionForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title of the section"), max_length=150)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A sentence or two shown above the section's questions."),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# Needed for some kinds only (the form's fieldsets say which): not marked "optional".
KIND_FIELDS = (
    "options",
    "statements",
    "scale_min",
    "scale_max",
    "scale_min_label",
    "scale_max_label",
)


class QuestionForm(AccessibleErrorsMixin, forms.Form):
    """One form for every kind: the parts a kind does not use are ignored (and emptied by the
    service), so the page works without JavaScript."""

    kind = forms.ChoiceField(
        label=_("Kind of question"), choices=QuestionKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(
        label=_("Help text"),
        max_length=500,
        required=False,
        help_text=_("Shown under the question, for example what a word means."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    options = forms.CharField(
        label=_("Answer options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line. For one choice and several choices at least two; for a ranking, the "
            "things to rank."
        ),
    )
    allow_other = forms.BooleanField(
        label=_("Offer “Other” with a text of one's own"), required=False
    )
    min_choices = forms.IntegerField(
        label=_("Fewest choices"),
        required=False,
        min_value=1,
        help_text=_("Several choices only. Empty: no lower limit."),
    )
    max_choices = forms.IntegerField(
        label=_("Most choices"),
        required=False,
        min_value=1,
        help_text=_("Several choices only. Empty: as many as there are options."),
    )
    scale_min = forms.IntegerField(label=_("Lowest value"), required=False)
    scale_max = forms.IntegerField(
        label=_("Highest value"), required=False, help_text=_("At most 11 steps, e.g. 0 to 10.")
    )
    scale_min_label = forms.CharField(
        label=_("What the lowest value means"),
        max_length=60,
        required=False,
        help_text=_("For example “Not at all”."),
    )
    scale_max_label = forms.CharField(
        label=_("What the highest value means"),
        max_length=60,
        required=False,
        help_text=_("For example “Completely”."),
    )
    allow_dont_know = forms.BooleanField(label=_("Offer “Don't know”"), required=False)
    statements = forms.CharField(
        label=_("Statements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, each answered on the scale."),
    )

    def __init__(self, *args, survey, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        for name in KIND_FIELDS:
            self.fields[name].template_name = "surveys/manage/_kind_field.html"
        sections = survey.sections.all()
        if sections:
            self.fields["section"] = forms.ModelChoiceField(
                label=_("Section"),
                queryset=sections,
                required=False,
                empty_label=_("Before the first section"),
            )
            self.order_fields(["section"])
        choice_questions = survey.questions.filter(kind__in=CHOICE_KINDS)
        if question is not None:
            choice_questions = choice_questions.exclude(pk=question.pk)
        if choice_questions.exists():
            self.fields["show_if_question"] = forms.ModelChoiceField(
                label=_("Show the question only after an answer to"),
                queryset=choice_questions,
                required=False,
                empty_label=_("Always show the question"),
                help_text=_("An earlier one- or several-choice question."),
            )
            self.fields["show_if_options"] = forms.ModelMultipleChoiceField(
                label=_("…when the answer is one of"),
                queryset=Option.objects.filter(question__in=choice_questions).select_related(
                    "question"
                ),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Tick the options of the question chosen above."),
            )
            # Each option with its question: the choices of several questions are listed.
            self.fields["show_if_options"].label_from_instance = lambda option: (
                f"{option.question.text} – {option.text}"
            )

    @classmethod
    def initial_for(cls, question: Question) -> dict:
        return {
            "section": question.section_id,
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "options": "\n".join(o.text for o in question.options.all()),
            "allow_other": question.allow_other,
            "min_choices": question.min_choices,
            "max_choices": question.max_choices,
            "scale_min": question.scale_min,
            "scale_max": question.scale_max,
            "scale_min_label": question.scale_min_label,
            "scale_max_label": question.scale_max_label,
            "allow_dont_know": question.allow_dont_know,
            "statements": "\n".join(s.text for s in question.statements.all()),
            "show_if_question": question.show_if_question_id,
            "show_if_options": [o.pk for o in question.show_if_options.all()],
        }

    def data_for_service(self) -> QuestionData:
        d = self.cleaned_data
        section = d.get("section")
        condition = d.get("show_if_question")
        return QuestionData(
            kind=d["kind"],
            text=d["text"],
            section_id=section.pk if section else None,
            help_text=d.get("help_text", ""),
            required=d.get("required", False),
            options=_lines(d.get("options")),
            statements=_lines(d.get("statements")),
            min_choices=d.get("min_choices"),
            max_choices=d.get("max_choices"),
            allow_other=d.get("allow_other", False),
            scale_min=d.get("scale_min"),
            scale_max=d.get("scale_max"),
            scale_min_label=d.get("scale_min_label", ""),
            scale_max_label=d.get("scale_max_label", ""),
            allow_dont_know=d.get("allow_dont_know", False),
            show_if_question_id=condition.pk if condition else None,
            show_if_option_ids=[o.pk for o in d.get("show_if_options") or []],
        )


class CorrectionForm(AccessibleErrorsMixin, forms.Form):
    """A typo fix of a question whose survey has answers: its text, help text, and the text of
    each option and statement (the set and the order stay)."""

    text = forms.CharField(label=_("Question"), max_length=300)
    help_text = forms.CharField(label=_("Help text"), max_length=500, required=False)

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.initial.update({"text": question.text, "help_text": question.help_text})
        for n, option in enumerate(question.options.all(), start=1):
            self.fields[f"option_{option.pk}"] = forms.CharField(
                label=_("Answer option %(n)s") % {"n": n}, max_length=200, initial=option.text
            )
        for n, statement in enumerate(question.statements.all(), start=1):
            self.fields[f"statement_{statement.pk}"] = forms.CharField(
                label=_("Statement %(n)s") % {"n": n}, max_length=300, initial=statement.text
            )

    def texts(self, prefix: str) -> dict[int, str]:
        return {
            int(name.removeprefix(prefix)): value
            for name, value in self.cleaned_data.items()
            if name.startswith(prefix)
        }
