"""The respondent's form: one step (a section) of a survey, read into the answering service's
shape (services/answering.py), and what the page needs to draw each question.

Every question is drawn by the template as a fieldset with a legend (templates/surveys/
_question.html); the form's fields exist to read and check what was posted. A value outside
the question's options or scale is refused here already, with Django's own message; the
service checks everything again (a draft, a paper entry and a tampered form alike).

Field names: ``q<id>`` (the answer), ``q<id>_other`` ("annat"), ``q<id>_s<statement id>`` (a
matrix row), ``q<id>_o<option id>`` (the place of a ranked item).
"""

import json

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delaktig.core.forms import AccessibleErrorsMixin

from .models import SHORT_TEXT_MAX, Channel, QuestionKind
from .services.answering import scale_range, text_limit

DONT_KNOW = "dont_know"
OTHER = "other"


def _scale_choices(question):
    low, high = scale_range(question)
    steps = [(str(n), str(n)) for n in range(low, high + 1)]
    if question.allow_dont_know:
        steps.append((DONT_KNOW, _("Don't know")))
    return steps


class AnswerForm(AccessibleErrorsMixin, forms.Form):
    """The questions of one step. Every field is optional here: "answer this question" is the
    service's rule, asked of all the answers together (a question may be hidden)."""

    def __init__(self, *args, survey, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(questions)
        for question in self.questions:
            self._add_fields(question)

    def _add_fields(self, question):
        name = f"q{question.pk}"
        kind = question.kind
        options = [(str(o.pk), o.text) for o in question.options.all()]
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            field_class = (
                forms.ChoiceField if kind == QuestionKind.SINGLE else forms.MultipleChoiceField
            )
            choices = options + ([(OTHER, _("Other"))] if question.allow_other else [])
            self.fields[name] = field_class(label=question.text, choices=choices, required=False)
            if question.allow_other:
                self.fields[f"{name}_other"] = forms.CharField(
                    label=_("Other, namely"), required=False, strip=True
                )
        elif kind == QuestionKind.SCALE:
            self.fields[name] = forms.ChoiceField(
                label=question.text, choices=_scale_choices(question), required=False
            )
        elif kind == QuestionKind.MATRIX:
            for statement in question.statements.all():
                self.fields[f"{name}_s{statement.pk}"] = forms.ChoiceField(
                    label=statement.text, choices=_scale_choices(question), required=False
                )
        elif kind == QuestionKind.RANKING:
            places = [(str(n), str(n)) for n in range(1, len(options) + 1)]
            for pk, text in options:
                self.fields[f"{name}_o{pk}"] = forms.ChoiceField(
                    label=text, choices=places, required=False
                )
        else:
            self.fields[name] = forms.CharField(label=question.text, required=False, strip=True)

    def answers(self) -> dict[int, dict]:
        """The answers of this step, in the service's shape (after is_valid())."""
        data = self.cleaned_data
        answers = {}
        for question in self.questions:
            name = f"q{question.pk}"
            kind = question.kind
            if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                picked = data.get(name) or []
                picked = [picked] if isinstance(picked, str) else picked
                value = {"options": [int(v) for v in picked if v != OTHER]}
                other = data.get(f"{name}_other", "")
                if question.allow_other and (OTHER in picked or other):
                    value["other"] = other
                answers[question.pk] = value
            elif kind == QuestionKind.SCALE:
                raw = data.get(name) or ""
                answers[question.pk] = (
                    {"dont_know": True} if raw == DONT_KNOW else {"number": int(raw)} if raw else {}
                )
            elif kind == QuestionKind.MATRIX:
                rows = {}
                for statement in question.statements.all():
                    raw = data.get(f"{name}_s{statement.pk}") or ""
                    if raw:
                        rows[statement.pk] = None if raw == DONT_KNOW else int(raw)
                answers[question.pk] = {"rows": rows} if rows else {}
            elif kind == QuestionKind.RANKING:
                places = {
                    o.pk: int(data[f"{name}_o{o.pk}"])
                    for o in question.options.all()
                    if data.get(f"{name}_o{o.pk}")
                }
                answers[question.pk] = {"places": places} if places else {}
            else:
                answers[question.pk] = {"text": data.get(name, "")}
        return answers


def initial_for(questions, answers) -> dict:
    """The form's initial values from answers in the service's shape."""
    initial = {}
    for question in questions:
        value = answers.get(question.pk) or {}
        name = f"q{question.pk}"
        kind = question.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            picked = [str(o) for o in value.get("options", [])]
            if value.get("other"):
                picked.append(OTHER)
                initial[f"{name}_other"] = value["other"]
            initial[name] = picked if kind == QuestionKind.MULTIPLE else next(iter(picked), "")
        elif kind == QuestionKind.SCALE:
            initial[name] = DONT_KNOW if value.get("dont_know") else str(value.get("number", ""))
        elif kind == QuestionKind.MATRIX:
            for pk, number in (value.get("rows") or {}).items():
                initial[f"{name}_s{pk}"] = DONT_KNOW if number is None else str(number)
        elif kind == QuestionKind.RANKING:
            for pk, place in (value.get("places") or {}).items():
                initial[f"{name}_o{pk}"] = str(place)
        else:
            initial[name] = value.get("text", "")
    return initial


def drawn(form, question, *, problem=None, condition=None) -> dict:
    """What the template needs to draw one question: its inputs with their ids and whether
    each is chosen, the id the error summary links to, the help and error ids."""
    name = f"q{question.pk}"
    values = _current_values(form)

    def chosen(field, value):
        current = values.get(field)
        if isinstance(current, list):
            return value in current
        return current == value

    item = {
        "question": question,
        "name": name,
        "anchor": f"id_{name}",
        "problem": problem,
        "condition": condition,
        "kind": question.kind,
        "help_id": f"{name}_help" if question.help_text else "",
        "error_id": f"{name}_error" if problem else "",
    }
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        choices = [(str(o.pk), o.text) for o in question.options.all()]
        if question.allow_other:
            choices.append((OTHER, _("Other")))
        item["inputs"] = [
            {"id": f"id_{name}_{i}", "value": v, "label": label, "checked": chosen(name, v)}
            for i, (v, label) in enumerate(choices)
        ]
        item["anchor"] = f"id_{name}_0"
        item["other_value"] = values.get(f"{name}_other", "")
        item["other_max"] = SHORT_TEXT_MAX
    elif kind == QuestionKind.SCALE:
        item["inputs"] = [
            {"id": f"id_{name}_{i}", "value": v, "label": label, "checked": chosen(name, v)}
            for i, (v, label) in enumerate(_scale_choices(question))
        ]
        item["anchor"] = f"id_{name}_0"
    elif kind == QuestionKind.MATRIX:
        steps = _scale_choices(question)
        item["steps"] = steps
        item["rows"] = [
            {
                "statement": s,
                "name": f"{name}_s{s.pk}",
                "cells": [
                    {
                        "id": f"id_{name}_s{s.pk}_{i}",
                        "value": v,
                        "label": label,
                        "checked": chosen(f"{name}_s{s.pk}", v),
                    }
                    for i, (v, label) in enumerate(steps)
                ],
            }
            for s in question.statements.all()
        ]
        first = item["rows"][0]["cells"][0]["id"] if item["rows"] else f"id_{name}"
        item["anchor"] = first
    elif kind == QuestionKind.RANKING:
        options = list(question.options.all())
        item["places"] = [str(n) for n in range(1, len(options) + 1)]
        item["items"] = [
            {"id": f"id_{name}_o{o.pk}", "name": f"{name}_o{o.pk}", "label": o.text,
             "value": values.get(f"{name}_o{o.pk}", "")}
            for o in options
        ]  # fmt: skip
        item["anchor"] = item["items"][0]["id"] if options else f"id_{name}"
    else:
        item["value"] = values.get(name, "")
        item["max"] = text_limit(form.survey, question)
    return item


def _current_values(form) -> dict:
    """The values to show: what was posted (even if refused), else the initial values."""
    if form.is_bound:
        result = {}
        for name, field in form.fields.items():
            if isinstance(field, forms.MultipleChoiceField):
                result[name] = form.data.getlist(form.add_prefix(name))
            else:
                result[name] = form.data.get(form.add_prefix(name), "")
        return result
    return {name: (v if isinstance(v, list) else str(v)) for name, v in form.initial.items()}


# -- what is carried from step to step ----------------------------------------------------------


def _salt(survey) -> str:
    return f"surveys.answers:{survey.pk}"


def carry(survey, answers) -> str:
    """The answers of the steps done so far, signed, for a hidden field of the next step: kept
    by the respondent's own browser until they send, not on the server (ADR 0005)."""
    return signing.dumps(json.loads(json.dumps(answers)), salt=_salt(survey), compress=True)


def carried(survey, token: str) -> dict[int, dict]:
    """The answers carried in `token`; {} if it is missing or was changed by hand."""
    if not token:
        return {}
    try:
        data = signing.loads(token, salt=_salt(survey))
    except signing.BadSignature:
        return {}
    return {int(k): v for k, v in data.items()} if isinstance(data, dict) else {}


class PaperChannelForm(AccessibleErrorsMixin, forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("How were the answers given?"),
        choices=[
            (Channel.PAPER, gettext_lazy("On a paper form")),
            (Channel.INTERVIEW, gettext_lazy("In an interview")),
        ],
        widget=forms.RadioSelect,
    )


class FollowUpForm(AccessibleErrorsMixin, forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        help_text=gettext_lazy(
            "Kept apart from your answers, used only to tell you what came of this, and "
            "deleted afterwards."
        ),
    )
