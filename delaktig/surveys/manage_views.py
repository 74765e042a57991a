"""Officials build the surveys of their own processes: settings, sections, questions of every
kind, conditions, publishing; once answers exist, typo fixes only (services.building)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import why_not
from delaktig.processes.queries import get_round_for

from .forms import CorrectionForm, QuestionForm, SectionForm, SurveyForm
from .models import Access, Question, Section, Survey, SurveyStatus
from .queries import corrections, ordered_questions
from .rules import LOCKED
from .services import building

PERM = "surveys.manage_surveys"


def _process(request, slug):
    return get_round_for(request.user, slug, PERM)


def _survey(request, slug, pk) -> Survey:
    process = _process(request, slug)
    return get_object_or_404(Survey.objects.select_related("process"), pk=pk, process=process)


def _survey_url(survey) -> str:
    return reverse("surveys_manage:survey", kwargs={"slug": survey.process.slug, "pk": survey.pk})


def _breadcrumbs(process, survey=None) -> list[tuple[str, str]]:
    crumbs = [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (process.name, reverse("processes_manage:round_manage", kwargs={"slug": process.slug})),
        (_("Surveys"), reverse("surveys_manage:list", kwargs={"slug": process.slug})),
    ]
    if survey is not None:
        crumbs.append((survey.title, _survey_url(survey)))
    return crumbs


def _locked_page(request, survey):
    """Questions cannot change once answered: back to the survey page, with the reason."""
    messages.error(request, str(LOCKED))
    return redirect(_survey_url(survey))


@login_required
def survey_list(request, slug):
    process = _process(request, slug)
    surveys = list(Survey.objects.filter(process=process).order_by("opens_at", "pk"))
    return render(
        request,
        "surveys/manage/survey_list.html",
        {"round": process, "surveys": surveys, "breadcrumbs": _breadcrumbs(process)[:2]},
    )


@login_required
def survey_create(request, slug):
    process = _process(request, slug)
    form = SurveyForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            survey = building.create_survey(
                by=request.user, process=process, data=form.cleaned_data
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The survey is created as a draft. Add questions next."))
            return redirect(_survey_url(survey))
    return render(
        request,
        "surveys/manage/survey_form.html",
        {"round": process, "form": form, "breadcrumbs": _breadcrumbs(process)},
    )


@login_required
def survey_edit(request, slug, pk):
    survey = _survey(request, slug, pk)
    form = SurveyForm(request.POST or None, instance=survey, process=survey.process)
    if request.method == "POST" and form.is_valid():
        try:
            building.update_survey(by=request.user, survey=survey, data=form.cleaned_data)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_survey_url(survey))
    survey.refresh_from_db()
    return render(
        request,
        "surveys/manage/survey_form.html",
        {
            "round": survey.process,
            "survey": survey,
            "form": form,
            "breadcrumbs": _breadcrumbs(survey.process, survey),
        },
    )


@login_required
def survey_manage(request, slug, pk):
    survey = _survey(request, slug, pk)
    questions = ordered_questions(survey)
    sections = list(survey.sections.all())
    groups = [(None, [q for q in questions if q.section_id is None])]
    groups += [(s, [q for q in questions if q.section_id == s.pk]) for s in sections]
    locked = survey.is_locked()
    return render(
        request,
        "surveys/manage/survey_manage.html",
        {
            "round": survey.process,
            "survey": survey,
            "groups": groups,
            "has_questions": bool(questions),
            "locked": locked,
            "locked_reason": LOCKED,
            "corrections": corrections(survey),
            "can_unpublish": why_not("surveys.unpublish_survey", request.user, survey) is None,
            "problems": building.publish_problems(survey)
            if survey.status == SurveyStatus.DRAFT
            else [],
            "window": survey.window(),
            "breadcrumbs": _breadcrumbs(survey.process),
        },
    )


# -- sections ----------------------------------------------------------------------------------


@login_required
def section_add(request, slug, pk):
    survey = _survey(request, slug, pk)
    if survey.is_locked():
        return _locked_page(request, survey)
    return _section_form(request, survey, None)


@login_required
def section_edit(request, slug, pk, section_pk):
    survey = _survey(request, slug, pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey)
    return _section_form(request, survey, section)


def _section_form(request, survey, section):
    initial = {"title": section.title, "intro": section.intro} if section else None
    form = SectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if section is None:
                building.add_section(by=request.user, survey=survey, **form.cleaned_data)
            else:
                building.update_section(by=request.user, section=section, **form.cleaned_data)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The section is saved."))
            return redirect(_survey_url(survey))
    return render(
        request,
        "surveys/manage/section_form.html",
        {
            "round": survey.process,
            "survey": survey,
            "section": section,
            "form": form,
            "breadcrumbs": _breadcrumbs(survey.process, survey),
        },
    )


@login_required
@require_POST
def section_move(request, slug, pk, section_pk):
    survey = _survey(request, slug, pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey)
    try:
        building.move_section(by=request.user, section=section, up=request.POST.get("up") == "1")
    except FORM_ERRORS as error:
        messages.error(request, str(error))
    return redirect(f"{_survey_url(survey)}#section-{section.pk}")


@login_required
def section_delete(request, slug, pk, section_pk):
    survey = _survey(request, slug, pk)
    section = get_object_or_404(Section, pk=section_pk, survey=survey)
    if survey.is_locked():
        return _locked_page(request, survey)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Delete the section “%(title)s”?") % {"title": section.title},
            breadcrumbs=_breadcrumbs(survey.process, survey),
            consequences=[_("The section is deleted. A section with questions cannot be.")],
            button=_("Yes, delete the section"),
            cancel=_survey_url(survey),
            danger=True,
        )
    try:
        building.delete_section(by=request.user, section=section)
    except FORM_ERRORS as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The section is deleted."))
    return redirect(_survey_url(survey))


# -- questions ---------------------------------------------------------------------------------


@login_required
def question_add(request, slug, pk):
    survey = _survey(request, slug, pk)
    if survey.is_locked():
        return _locked_page(request, survey)
    initial = {"kind": "single"}
    if (section := request.GET.get("avsnitt", "")).isascii() and section.isdigit():
        initial["section"] = section
    form = QuestionForm(request.POST or None, survey=survey, initial=initial)
    return _question_form(request, survey, None, form)


@login_required
def question_edit(request, slug, pk, question_pk):
    survey = _survey(request, slug, pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    if survey.is_locked():
        return _correction_form(request, survey, question)
    form = QuestionForm(
        request.POST or None,
        survey=survey,
        question=question,
        initial=QuestionForm.initial_for(question),
    )
    return _question_form(request, survey, question, form)


def _question_form(request, survey, question, form):
    if request.method == "POST" and form.is_valid():
        try:
            saved = building.save_question(
                by=request.user, survey=survey, question=question, data=form.data_for_service()
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(f"{_survey_url(survey)}#question-{saved.pk}")
    return render(
        request,
        "surveys/manage/question_form.html",
        {
            "round": survey.process,
            "survey": survey,
            "question": question,
            "form": form,
            "breadcrumbs": _breadcrumbs(survey.process, survey),
        },
    )


def _correction_form(request, survey, question):
    form = CorrectionForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        try:
            count = building.correct_texts(
                by=request.user,
                question=question,
                text=form.cleaned_data["text"],
                help_text=form.cleaned_data["help_text"],
                options=form.texts("option_"),
                statements=form.texts("statement_"),
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            if count:
                messages.success(
                    request, _("The correction is saved and listed on the survey's page.")
                )
            return redirect(f"{_survey_url(survey)}#question-{question.pk}")
    return render(
        request,
        "surveys/manage/correction_form.html",
        {
            "round": survey.process,
            "survey": survey,
            "question": question,
            "form": form,
            "locked_reason": LOCKED,
            "breadcrumbs": _breadcrumbs(survey.process, survey),
        },
    )


@login_required
@require_POST
def question_move(request, slug, pk, question_pk):
    survey = _survey(request, slug, pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    try:
        building.move_question(by=request.user, question=question, up=request.POST.get("up") == "1")
    except FORM_ERRORS as error:
        messages.error(request, str(error))
    return redirect(f"{_survey_url(survey)}#question-{question.pk}")


@login_required
def question_delete(request, slug, pk, question_pk):
    survey = _survey(request, slug, pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    if survey.is_locked():
        return _locked_page(request, survey)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Delete the question?"),
            breadcrumbs=_breadcrumbs(survey.process, survey),
            rows=[(_("Question"), question.text)],
            consequences=[_("The question and its answer options are deleted.")],
            button=_("Yes, delete the question"),
            cancel=_survey_url(survey),
            danger=True,
        )
    try:
        building.delete_question(by=request.user, question=question)
    except FORM_ERRORS as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The question is deleted."))
    return redirect(_survey_url(survey))


# -- publishing --------------------------------------------------------------------------------


def _when(value) -> str:
    return date_format(value, "j F Y H:i") if value else "–"


@login_required
def survey_publish(request, slug, pk):
    """Check before you act: who can answer, from when to when."""
    survey = _survey(request, slug, pk)
    url = _survey_url(survey)
    if survey.status == SurveyStatus.PUBLISHED:
        return redirect(url)
    if problems := building.publish_problems(survey):
        for problem in problems:
            messages.error(request, problem)
        return redirect(url)
    if not confirmed(request):
        opens, closes = survey.window()
        consequences = [
            _("%(who)s can answer from %(opens)s until %(closes)s.")
            % {
                "who": survey.get_access_display(),
                "opens": _when(opens),
                "closes": _when(closes) if closes else _("further notice"),
            },
            _(
                "Once the first answer is in, the questions and answer options are locked; "
                "only typos can be fixed."
            ),
        ]
        if survey.access == Access.PROCESS:
            consequences.insert(1, " ".join(survey.process.audience_sentences()))
        if not survey.process.is_published:
            consequences.insert(
                0, _("The process is not published yet: nobody sees the survey until it is.")
            )
        return confirmation(
            request,
            title=_("Publish the survey?"),
            breadcrumbs=_breadcrumbs(survey.process, survey),
            rows=[
                (_("Survey"), survey.title),
                (_("Who may answer"), survey.get_access_display()),
                (_("Opens"), _when(opens)),
                (_("Closes"), _when(closes)),
            ],
            consequences=consequences,
            button=_("Yes, publish the survey"),
            cancel=url,
        )
    try:
        building.publish_survey(by=request.user, survey=survey)
    except FORM_ERRORS as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The survey is published. People can answer it from its opening date.")
        )
    return redirect(url)


@login_required
def survey_unpublish(request, slug, pk):
    survey = _survey(request, slug, pk)
    url = _survey_url(survey)
    if survey.status != SurveyStatus.PUBLISHED:
        return redirect(url)
    if reason := why_not("surveys.unpublish_survey", request.user, survey):
        messages.error(request, reason)
        return redirect(url)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Make the survey a draft again?"),
            breadcrumbs=_breadcrumbs(survey.process, survey),
            rows=[(_("Survey"), survey.title)],
            consequences=[_("Residents no longer see the survey and cannot answer it.")],
            button=_("Yes, make it a draft"),
            cancel=url,
        )
    try:
        building.unpublish_survey(by=request.user, survey=survey)
    except FORM_ERRORS as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The survey is a draft again."))
    return redirect(url)
