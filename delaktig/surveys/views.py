from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from delaktig.core.errors import FORM_ERRORS
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import require, why_not
from delaktig.processes.queries import get_round_for

from .answer_forms import (
    AnswerForm,
    FollowUpForm,
    PaperChannelForm,
    carried,
    carry,
    drawn,
    initial_for,
)
from .component import ANALYSIS, CONSULT
from .models import Access, Survey
from .queries import surveys_shown
from .services import answering
from .services.answering import AnswersRefused

# A survey open to anyone is answered without signing in: one person could answer more than
# once (the page says so). The limit keeps one client from filling it in bulk; per client
# address, generous enough for a household or a library's shared computer.
ANSWER_RATE = "30/h"
ANSWER_RATE_GROUP = "surveys.answer"
# Refused answers are shown again with what to fix, as a refused ballot is (voting.views): an
# ordinary page, not an error status the browser reports as a failed load.
SHOWN_AGAIN = 200


def process_surveys(request, slug):
    """The surveys of a dialogue or a round: open, coming and closed."""
    process = get_round_for(request.user, slug)
    return render(
        request,
        "surveys/process_surveys.html",
        {"round": process, "surveys": list(surveys_shown(process, request.user))},
    )


def _survey(request, slug, survey_slug) -> Survey:
    """The survey, as the person may see it: a draft only for officials (404 for others)."""
    process = get_round_for(request.user, slug)
    survey = get_object_or_404(surveys_shown(process, request.user), slug=survey_slug)
    survey.process = process
    return survey


def steps_of(questions) -> list[tuple]:
    """[(section or None, [questions])]: one step per section, in order."""
    steps: list[tuple] = []
    for question in questions:
        if not steps or steps[-1][0] != question.section:
            steps.append((question.section, []))
        steps[-1][1].append(question)
    return steps or [(None, [])]


def _condition(question, by_id, page_ids):
    """For a conditional question whose condition is on the same step: what the page says,
    and what the script needs to show or hide it."""
    parent = by_id.get(question.show_if_question_id)
    if parent is None or parent.pk not in page_ids:
        return None
    wanted = list(question.show_if_options.all())
    if wanted:
        text = _("Answer only if you chose %(answers)s in “%(question)s”.") % {
            "answers": _(" or ").join(_("“%(option)s”") % {"option": o.text} for o in wanted),
            "question": parent.text,
        }
    else:
        text = _("Answer only if you answered “%(question)s”.") % {"question": parent.text}
    return {
        "text": text,
        "name": f"q{parent.pk}",
        "values": " ".join(str(o.pk) for o in wanted),
    }


def _drawn_questions(form, questions, answers, problems):
    """The step's questions as the page draws them. A conditional question is left out when
    its condition is on an earlier step and not met; when the condition is on this step it
    is drawn with a note (the script hides it until the answer matches)."""
    by_id = {q.pk: q for q in questions}
    visible = answering.shown(questions, answers)
    page_ids = {q.pk for q in form.questions}
    items = []
    for question in form.questions:
        condition = None
        if question.show_if_question_id is not None:
            condition = _condition(question, by_id, page_ids)
            if condition is None and question.pk not in visible:
                continue
        items.append(drawn(form, question, problem=problems.get(question.pk), condition=condition))
    return items


def _page_answers(answers, form):
    """`answers` with this step's answers as posted (an unanswered question removed)."""
    by_id = {q.pk: q for q in form.questions}
    merged = {pk: v for pk, v in answers.items() if pk not in by_id}
    given = form.answers().items()
    merged.update({pk: v for pk, v in given if not answering.is_empty(by_id[pk], v)})
    return merged


def _step_problems(survey, questions, answers, page_ids, *, complete):
    try:
        answering.checked_rows(survey, questions, answers, complete=complete)
    except AnswersRefused as error:
        return {
            p.question: p.message
            for p in error.problems
            if p.question in page_ids or p.question is None
        }
    return {}


@never_cache
def answer(request, slug, survey_slug):
    survey = _survey(request, slug, survey_slug)
    return _answer_page(request, survey, preview=False)


@never_cache
def preview(request, slug, survey_slug):
    """An official sees the survey as respondents will, draft or not. Nothing is stored."""
    survey = _survey(request, slug, survey_slug)
    require("surveys.preview_survey", request.user, survey)
    return _answer_page(request, survey, preview=True)


def _answer_page(request, survey, *, preview):
    user = request.user
    reason = None if preview else why_not("surveys.answer_survey", user, survey)
    questions = answering.questions_of(survey)
    steps = steps_of(questions)
    own = None if preview else answering.own_response(user, survey)
    context = {
        "round": survey.process,
        "survey": survey,
        "preview": preview,
        "reason": reason,
        "own": own,
        "anyone": survey.access == Access.ANYONE and not user.is_authenticated,
        "signed_in": user.is_authenticated,
        "closes_at": survey.window()[1],
    }
    if reason or not questions:
        return render(request, "surveys/answer.html", context)
    status = 200
    problems: dict = {}
    service_error = None
    if request.method == "POST":
        answers = answering.shown_only(questions, carried(survey, request.POST.get("state", "")))
        step = _step_number(request.POST.get("step"), len(steps))
        action = request.POST.get("action", "next")
        form = AnswerForm(request.POST, survey=survey, questions=steps[step][1])
        if form.is_valid():
            page_ids = {q.pk for q in form.questions}
            # Answers kept from other steps that an answer given now has made moot go.
            answers = _page_answers(answers, form)
            visible = answering.shown(questions, answers) | page_ids
            answers = {pk: v for pk, v in answers.items() if pk in visible}
            if action == "back":
                step = max(step - 1, 0)
                form = _fresh_form(survey, steps, step, answers)
            else:
                problems = _step_problems(
                    survey, questions, answers, page_ids, complete=action != "save"
                )
                if problems:
                    status = SHOWN_AGAIN
                elif action == "save" and not preview:
                    outcome = _save_draft(request, survey, answers)
                    if outcome is True:
                        return redirect(_answer_url(survey, saved=1))
                    service_error, status = outcome, SHOWN_AGAIN
                elif action == "send" or (action == "next" and step == len(steps) - 1):
                    if preview:
                        messages.info(request, _("Preview: the answers were checked, not stored."))
                        return redirect(
                            "surveys:preview", slug=survey.process.slug, survey_slug=survey.slug
                        )
                    outcome = _send(request, survey, answers)
                    if not isinstance(outcome, tuple):
                        return outcome
                    problems, service_error, status = outcome
                    step = _first_step_with(problems, steps, step)
                    form = _fresh_form(survey, steps, step, answers)
                    service_error = service_error or problems.get(None)
                else:  # "next", or anything else posted (never past the last step)
                    step = min(step + 1, len(steps) - 1)
                    form = _fresh_form(survey, steps, step, answers)
        else:
            problems = form_problems(form)
            status = SHOWN_AGAIN
    else:
        answers = answering.answers_of(own) if own is not None else {}
        step = 0
        form = _fresh_form(survey, steps, step, answers)
    section, _page = steps[step]
    context.update(
        {
            "form": form,
            "state": carry(survey, answers),
            "step": step,
            "step_number": step + 1,
            "steps": len(steps),
            "last": step == len(steps) - 1,
            "section": section,
            "items": _drawn_questions(form, questions, answers, problems),
            "problems": problems.get(None),
            "has_problems": bool(problems),
            "service_error": service_error,
            "saved": request.GET.get("sparat") == "1",
            "can_save": user.is_authenticated and not preview and not (own and own.submitted),
        }
    )
    return render(request, "surveys/answer.html", context, status=status)


def form_problems(form) -> dict:
    """The form's own refusals (a value outside the options or the scale), by question: each
    is shown at its question's fieldset and linked from the summary like the service's."""
    problems = {}
    for question in form.questions:
        for name, errors in form.errors.items():
            if name == f"q{question.pk}" or name.startswith(f"q{question.pk}_"):
                problems.setdefault(question.pk, errors[0])
    return problems


def _step_number(raw, count) -> int:
    try:
        return min(max(int(raw), 0), count - 1)
    except (TypeError, ValueError):
        return 0


def _fresh_form(survey, steps, step, answers):
    page = steps[step][1]
    return AnswerForm(survey=survey, questions=page, initial=initial_for(page, answers))


def _answer_url(survey, **query) -> str:
    url = reverse(
        "surveys:answer", kwargs={"slug": survey.process.slug, "survey_slug": survey.slug}
    )
    return url + ("?" + urlencode({"sparat": 1}) if query.get("saved") else "")


def _save_draft(request, survey, answers):
    try:
        answering.save_draft(by=request.user, survey=survey, answers=answers)
    except FORM_ERRORS as error:
        return str(error)
    return True


def _send(request, survey, answers):
    """Sends the answers: a redirect to the confirmation, or (problems, message, status)."""
    if not request.user.is_authenticated and is_ratelimited(
        request, group=ANSWER_RATE_GROUP, key="ip", rate=ANSWER_RATE, increment=True
    ):
        message = _(
            "Many answers have been sent from here in a short time. Wait a while and try again."
        )
        return {}, message, 429
    try:
        sent = answering.submit(by=request.user, survey=survey, answers=answers)
    except AnswersRefused as error:
        return {p.question: p.message for p in error.problems}, None, SHOWN_AGAIN
    except FORM_ERRORS as error:
        return {}, str(error), SHOWN_AGAIN
    url = reverse("surveys:sent", kwargs={"slug": survey.process.slug, "survey_slug": survey.slug})
    return redirect(url + ("?andrat=1" if sent.changed else ""))


def _first_step_with(problems, steps, step) -> int:
    """Problems found on sending are shown on the first step that has one."""
    for number, (_section, page) in enumerate(steps):
        if any(q.pk in problems for q in page):
            return number
    return step


@never_cache
def sent(request, slug, survey_slug):
    """The confirmation: what happens next, and for a signed-in respondent that they can change
    their answers until the survey closes."""
    survey = _survey(request, slug, survey_slug)
    process = survey.process
    _opens, closes = survey.window()
    return render(
        request,
        "surveys/sent.html",
        {
            "round": process,
            "survey": survey,
            "closes_at": closes,
            "changed": request.GET.get("andrat") == "1",
            "can_change": request.user.is_authenticated and not survey.has_closed(),
            "report_phase": _report_phase(process),
            "follow_up_form": FollowUpForm(),
            "address_left": request.GET.get("adress") == "1",
        },
    )


def _report_phase(process):
    """The phase that comes after answering and analysis (the report, the result), if any."""
    phases = process.phases_in_order()
    after = False
    for phase in phases:
        if after and phase.kind not in (CONSULT, ANALYSIS):
            return phase
        if phase.kind in (CONSULT, ANALYSIS):
            after = True
    return None


@require_POST
def follow_up(request, slug, survey_slug):
    """An address left to be told what came of it: its own request and transaction, after the
    answer (services.answering.leave_follow_up_address)."""
    survey = _survey(request, slug, survey_slug)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            answering.leave_follow_up_address(survey=survey, email=form.cleaned_data["email"])
        except FORM_ERRORS as error:
            add_domain_error(form, error)
    if form.is_valid():
        url = reverse("surveys:sent", kwargs={"slug": slug, "survey_slug": survey.slug})
        return redirect(url + "?adress=1")
    _opens, closes = survey.window()
    return render(
        request,
        "surveys/sent.html",
        {
            "round": survey.process,
            "survey": survey,
            "closes_at": closes,
            "can_change": False,
            "report_phase": _report_phase(survey.process),
            "follow_up_form": form,
        },
        status=400,
    )


# -- paper and interview answers (surveys_paper:entry) ------------------------------------------


@never_cache
def paper_entry(request, slug, survey_slug):
    """An official types in one paper form or interview at a time, all questions on one page."""
    survey = _survey(request, slug, survey_slug)
    require("surveys.enter_paper_answers", request.user, survey)
    questions = answering.questions_of(survey)
    problems: dict = {}
    status = 200
    channel_form = PaperChannelForm(request.POST or None)
    form = AnswerForm(request.POST or None, survey=survey, questions=questions)
    if request.method == "POST":
        problems = form_problems(form) if not form.is_valid() else {}
        if channel_form.is_valid() and form.is_valid():
            try:
                answering.enter_paper_answers(
                    by=request.user,
                    survey=survey,
                    answers=form.answers(),
                    channel=channel_form.cleaned_data["channel"],
                )
            except AnswersRefused as error:
                problems = {p.question: p.message for p in error.problems}
            except FORM_ERRORS as error:
                add_domain_error(channel_form, error)
            else:
                messages.success(request, _("The answers are saved. Enter the next form."))
                return redirect(request.path)
        status = 400
    return render(
        request,
        "surveys/paper_entry.html",
        {
            "round": survey.process,
            "survey": survey,
            "form": form,
            "channel_form": channel_form,
            "items": [drawn(form, q, problem=problems.get(q.pk)) for q in questions],
            "problems": problems.get(None),
            "has_problems": bool(problems),
        },
        status=status,
    )
