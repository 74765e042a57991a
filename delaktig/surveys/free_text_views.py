"""Officials' pages: read, search and tag free text; themes; quotes checked for personal data;
exports of the answers. Case officers of the process only (surveys.rules).

No page here shows anything about a respondent (district, unit, age band, channel): a text
is never shown beside a group that could be small (ADR 0005)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS, NotAllowed
from delaktig.core.forms import add_domain_error
from delaktig.processes.queries import get_round_for

from . import exports, free_text
from .exports import NOT_FINAL
from .free_text_forms import (
    BulkTagForm,
    ConfirmQuoteForm,
    ExportForm,
    QuoteForm,
    TagForm,
    ThemeForm,
)
from .models import Quote, Survey, SurveyExport, Theme
from .personal_data_check import PERSONNUMMER, find_personal_data, highlighted, names_to_check

PER_PAGE = 20
UNTAGGED = "otaggade"


def _survey(request, slug, survey_slug, permission="surveys.read_free_text"):
    if permission == "surveys.export_answers":
        process = get_round_for(request.user, slug, "surveys.export_answers")
    else:
        process = get_round_for(request.user, slug, "surveys.read_free_text")
    survey = get_object_or_404(
        Survey.objects.select_related("process"), process=process, slug=survey_slug
    )
    if not survey.answers_are_final():
        raise NotAllowed(NOT_FINAL)
    return survey


def _url(name, survey, **kwargs):
    return reverse(
        f"surveys_free_text:{name}",
        kwargs={"slug": survey.process.slug, "survey_slug": survey.slug, **kwargs},
    )


def _breadcrumbs(survey, *extra):
    return [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (
            survey.process.name,
            reverse("processes_manage:round_manage", kwargs={"slug": survey.process.slug}),
        ),
        (_("Free text: %(title)s") % {"title": survey.title}, _url("index", survey)),
        *extra,
    ]


def _page(request, items):
    return Paginator(items, PER_PAGE).get_page(request.GET.get("sida"))


def _back(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


# Reading and tagging ------------------------------------------------------------------------


@login_required
def free_text_index(request, slug, survey_slug):
    survey = _survey(request, slug, survey_slug)
    counts = free_text.answer_counts(survey)
    questions = list(free_text.text_questions(survey))
    for question in questions:
        question.text_count = counts.get(question.pk, 0)
    return render(
        request,
        "surveys/free_text/index.html",
        {
            "survey": survey,
            "round": survey.process,
            "questions": questions,
            "themes": list(free_text.themes_with_counts(survey)),
            "untagged": free_text.untagged_count(survey),
            "quote_count": free_text.quotes_of(survey).count(),
            "breadcrumbs": _breadcrumbs(survey)[:-1],
        },
    )


def _filters(request, survey):
    """The search and the theme filter of the question page, from its query string."""
    search = request.GET.get("q", "").strip()[: free_text.SEARCH_MAX]
    chosen = request.GET.get("tema", "")
    theme, untagged = None, chosen == UNTAGGED
    if chosen and not untagged:
        theme = (
            Theme.objects.filter(survey=survey, pk=chosen).first()
            if chosen.isascii() and chosen.isdigit()
            else None
        )
        if theme is None:
            chosen = ""
    return search, chosen, theme, untagged


@login_required
def question_answers(request, slug, survey_slug, question_id):
    survey = _survey(request, slug, survey_slug)
    question = get_object_or_404(free_text.text_questions(survey), pk=question_id)
    search, chosen, theme, untagged = _filters(request, survey)
    found = free_text.answers_of(question, search=search, theme=theme, untagged=untagged)
    page = _page(request, found)
    answers = free_text.with_themes_and_quotes(page.object_list)
    themes = list(Theme.objects.filter(survey=survey).order_by("name"))
    for answer in answers:
        answer.tag_form = TagForm(
            survey=survey, initial={"themes": sorted(answer.theme_ids)}, auto_id=f"a{answer.pk}-%s"
        )
    query = {k: v for k, v in (("q", search), ("tema", chosen)) if v}
    return render(
        request,
        "surveys/free_text/question.html",
        {
            "survey": survey,
            "round": survey.process,
            "question": question,
            "answers": answers,
            "page": page,
            "count": page.paginator.count,
            "themes": themes,
            "search": search,
            "chosen": chosen,
            "untagged_value": UNTAGGED,
            "query": urlencode(query),
            "filtered": bool(query),
            "bulk_form": BulkTagForm(survey=survey) if themes and query else None,
            "breadcrumbs": _breadcrumbs(survey),
        },
    )


def _answer(survey, answer_id):
    """A free-text answer of this survey (404 for one of another survey)."""
    return get_object_or_404(
        free_text.text_answers(survey).select_related("question__survey__process"), pk=answer_id
    )


@login_required
@require_POST
def tag_answer(request, slug, survey_slug, answer_id):
    survey = _survey(request, slug, survey_slug)
    answer = _answer(survey, answer_id)
    form = TagForm(request.POST, survey=survey)
    fallback = _url("question", survey, question_id=answer.question_id)
    if not form.is_valid():
        messages.error(request, _("Choose themes of this survey."))
        return _back(request, fallback)
    try:
        free_text.tag_answer(by=request.user, answer=answer, themes=form.cleaned_data["themes"])
    except FORM_ERRORS as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The answer's themes are saved."))
    return _back(request, fallback)


@login_required
@require_POST
def tag_results(request, slug, survey_slug, question_id):
    """Add a theme to every answer the search and filter found (all pages)."""
    survey = _survey(request, slug, survey_slug)
    question = get_object_or_404(free_text.text_questions(survey), pk=question_id)
    search, _chosen, theme, untagged = _filters(request, survey)
    back = _url("question", survey, question_id=question.pk) + "?" + request.GET.urlencode()
    form = BulkTagForm(request.POST, survey=survey)
    if not (search or theme or untagged):
        messages.error(request, _("Search or filter first: a theme is added to what you found."))
    elif not form.is_valid():
        messages.error(request, _("Choose a theme."))
    else:
        found = free_text.answers_of(question, search=search, theme=theme, untagged=untagged)
        try:
            count = free_text.tag_answers(
                by=request.user, survey=survey, answers=found, theme=form.cleaned_data["theme"]
            )
        except FORM_ERRORS as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d more answer has the theme “%(theme)s”.",
                    "%(count)d more answers have the theme “%(theme)s”.",
                    count,
                )
                % {"count": count, "theme": form.cleaned_data["theme"].name},
            )
    return redirect(back)


# Themes --------------------------------------------------------------------------------------


@login_required
def theme_list(request, slug, survey_slug):
    survey = _survey(request, slug, survey_slug)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = free_text.create_theme(by=request.user, survey=survey, **form.cleaned_data)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The theme “%(name)s” is added.") % {"name": theme.name})
            return redirect(_url("themes", survey))
    return render(
        request,
        "surveys/free_text/themes.html",
        {
            "survey": survey,
            "round": survey.process,
            "themes": list(free_text.themes_with_counts(survey)),
            "untagged": free_text.untagged_count(survey),
            "form": form,
            "breadcrumbs": _breadcrumbs(survey),
        },
        status=400 if form.errors else 200,
    )


@login_required
def theme_edit(request, slug, survey_slug, pk):
    survey = _survey(request, slug, survey_slug)
    theme = get_object_or_404(Theme, survey=survey, pk=pk)
    form = ThemeForm(
        request.POST or None, initial={"name": theme.name, "description": theme.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            free_text.change_theme(by=request.user, theme=theme, **form.cleaned_data)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The theme is saved."))
            return redirect(_url("themes", survey))
    return render(
        request,
        "surveys/free_text/theme_form.html",
        {
            "survey": survey,
            "round": survey.process,
            "theme": theme,
            "form": form,
            "breadcrumbs": _breadcrumbs(survey, (_("Themes"), _url("themes", survey))),
        },
        status=400 if form.errors else 200,
    )


@login_required
def theme_delete(request, slug, survey_slug, pk):
    survey = _survey(request, slug, survey_slug)
    theme = get_object_or_404(free_text.themes_with_counts(survey), pk=pk)
    themes_url = _url("themes", survey)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Delete the theme “%(name)s”?") % {"name": theme.name},
            breadcrumbs=_breadcrumbs(survey, (_("Themes"), themes_url)),
            rows=[(_("Answers with the theme"), str(theme.count))],
            consequences=[
                _("The theme is removed from every answer. The answers themselves stay."),
                _("Quotes with the theme stay, without a theme."),
            ],
            button=_("Yes, delete the theme"),
            cancel=themes_url,
            danger=True,
        )
    free_text.delete_theme(by=request.user, theme=theme)
    messages.success(request, _("The theme “%(name)s” is deleted.") % {"name": theme.name})
    return redirect(themes_url)


# Quotes --------------------------------------------------------------------------------------


@login_required
@require_POST
def pick_quote(request, slug, survey_slug, answer_id):
    survey = _survey(request, slug, survey_slug)
    answer = _answer(survey, answer_id)
    try:
        quote = free_text.pick_quote(by=request.user, answer=answer)
    except FORM_ERRORS as error:
        messages.error(request, error.message)
        return _back(request, _url("question", survey, question_id=answer.question_id))
    messages.success(
        request, _("The answer is a quote now. Check it before it is used in the report.")
    )
    return redirect(_url("quote", survey, pk=quote.pk))


@login_required
def quote_list(request, slug, survey_slug):
    survey = _survey(request, slug, survey_slug)
    return render(
        request,
        "surveys/free_text/quotes.html",
        {
            "survey": survey,
            "round": survey.process,
            "quotes": list(free_text.quotes_of(survey)),
            "breadcrumbs": _breadcrumbs(survey),
        },
    )


def _quote(survey, pk):
    return get_object_or_404(
        Quote.objects.select_related("answer__question__survey__process", "theme", "checked_by"),
        answer__question__survey=survey,
        pk=pk,
    )


@login_required
def quote_edit(request, slug, survey_slug, pk):
    """The quote's text as it will be published, what in it looks like personal data, and
    "ready": saved and checked together, or nothing changes."""
    survey = _survey(request, slug, survey_slug)
    quote = _quote(survey, pk)
    initial = {"text": quote.text, "theme": quote.theme}
    form = QuoteForm(request.POST or None, survey=survey, initial=initial)
    check = ConfirmQuoteForm(request.POST or None)
    ready = request.POST.get("action") == "ready"
    if request.method == "POST" and form.is_valid() and check.is_valid():
        try:
            with transaction.atomic():
                free_text.change_quote(
                    by=request.user,
                    quote=quote,
                    text=form.cleaned_data["text"],
                    theme=form.cleaned_data["theme"],
                )
                if ready:
                    free_text.confirm_quote(
                        by=request.user, quote=quote, confirmed=check.cleaned_data["confirmed"]
                    )
        except FORM_ERRORS as error:
            quote.refresh_from_db()
            add_domain_error(check if error.field == "confirmed" else form, error)
        else:
            messages.success(
                request,
                _("The quote is checked and can be used in the report.")
                if ready
                else _("The quote is saved. Mark it as ready when it is checked."),
            )
            return redirect(
                _url("quote", survey, pk=quote.pk) if not ready else _url("quotes", survey)
            )
    text = form.data.get("text", quote.text) if form.is_bound else quote.text
    findings = find_personal_data(text, names_to_check(survey.process))
    return render(
        request,
        "surveys/free_text/quote_form.html",
        {
            "survey": survey,
            "round": survey.process,
            "quote": quote,
            "form": form,
            "check": check,
            "findings": findings,
            "has_personnummer": any(f.kind == PERSONNUMMER for f in findings),
            "highlighted": highlighted(text, findings),
            "breadcrumbs": _breadcrumbs(survey, (_("Quotes"), _url("quotes", survey))),
        },
        status=400 if (form.errors or check.errors) else 200,
    )


@login_required
def quote_delete(request, slug, survey_slug, pk):
    survey = _survey(request, slug, survey_slug)
    quote = _quote(survey, pk)
    quotes_url = _url("quotes", survey)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Remove the quote?"),
            breadcrumbs=_breadcrumbs(survey, (_("Quotes"), quotes_url)),
            rows=[(_("Quote"), quote.text)],
            consequences=[
                _("The quote is no longer used. The answer itself stays, with its themes."),
            ],
            button=_("Yes, remove the quote"),
            cancel=quotes_url,
            danger=True,
        )
    free_text.remove_quote(by=request.user, quote=quote)
    messages.success(request, _("The quote is removed."))
    return redirect(quotes_url)


# Exports -------------------------------------------------------------------------------------


@login_required
def export_answers(request, slug, survey_slug):
    """Choose a format; a small survey's file comes at once, a large one from the task queue."""
    survey = _survey(request, slug, survey_slug, "surveys.export_answers")
    form = ExportForm(request.POST or None)
    count = exports.submitted_count(survey)
    if request.method == "POST" and form.is_valid():
        fmt = form.cleaned_data["format"]
        try:
            if count <= exports.SMALL_EXPORT:
                content, name = exports.direct_export(by=request.user, survey=survey, fmt=fmt)
                return _file_response(content, name, fmt)
            export = exports.queue_export(by=request.user, survey=survey, fmt=fmt)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The file is being made. This page says when it is ready."))
            return redirect(_url("export", survey, pk=export.pk))
    return render(
        request,
        "surveys/free_text/export.html",
        {
            "survey": survey,
            "round": survey.process,
            "form": form,
            "count": count,
            "queued": count > exports.SMALL_EXPORT,
            "recent": list(SurveyExport.objects.filter(survey=survey)[:5]),
            "breadcrumbs": _breadcrumbs(survey),
        },
        status=400 if form.errors else 200,
    )


def _file_response(content, name, fmt):
    if fmt == "csv":
        response = StreamingHttpResponse(content, content_type=exports.CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    return FileResponse(
        content, as_attachment=True, filename=name, content_type=exports.CONTENT_TYPES[fmt]
    )


def _export(survey, pk):
    return get_object_or_404(SurveyExport, survey=survey, pk=pk)


@login_required
def export_status(request, slug, survey_slug, pk):
    survey = _survey(request, slug, survey_slug, "surveys.export_answers")
    return render(
        request,
        "surveys/free_text/export_status.html",
        {
            "survey": survey,
            "round": survey.process,
            "export": _export(survey, pk),
            "breadcrumbs": _breadcrumbs(survey, (_("Export"), _url("export_answers", survey))),
        },
    )


@login_required
def export_download(request, slug, survey_slug, pk):
    survey = _survey(request, slug, survey_slug, "surveys.export_answers")
    export = _export(survey, pk)
    if export.status != SurveyExport.Status.DONE or not export.file_name:
        raise Http404
    try:
        handle = exports.open_export(export)
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=exports.file_name(survey, export.format),
        content_type=exports.CONTENT_TYPES[export.format],
    )
