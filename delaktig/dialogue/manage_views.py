"""Officials compose the dialogue report from blocks, preview it, publish it as a dated
version (and correct it with a new version), and write "Ni sa – vi gjorde"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import DomainError
from delaktig.core.forms import add_domain_error
from delaktig.processes.queries import get_round_for
from delaktig.surveys.models import FollowUpAddress

from . import services
from .forms import BlockForm, FeedbackForm, PublishForm, TitleForm
from .models import Block, BlockKind, Feedback, Report
from .rendering import blocks_of, render_report


def _process(request, slug):
    return get_round_for(request.user, slug, "dialogue.compose_report")


def _report(request, slug):
    process = _process(request, slug)
    return process, services.report_for(process)


def _compose_url(slug):
    return reverse("dialogue_manage:compose", kwargs={"slug": slug})


def _breadcrumbs(process):
    return [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (process.name, reverse("processes_manage:round_manage", kwargs={"slug": process.slug})),
        (_("Dialogue report"), _compose_url(process.slug)),
    ]


@login_required
def compose(request, slug):
    process, report = _report(request, slug)
    form = TitleForm(request.POST or None, initial={"title": report.title})
    if request.method == "POST" and form.is_valid():
        report.title = form.cleaned_data["title"]
        report.save(update_fields=["title", "updated_at"])
        messages.success(request, _("Your changes are saved."))
        return redirect(_compose_url(slug))
    return render(
        request,
        "dialogue/manage/compose.html",
        {
            "round": process,
            "report": report,
            "form": form,
            "blocks": blocks_of(report),
            "kinds": BlockKind.choices,
            "versions": list(report.versions.all()),
            "problems": services.publishing_problems(report),
            "feedback": Feedback.objects.filter(process=process).first(),
            "uncited_meetings": services.uncited_meetings(report),
        },
    )


def _block_data(kind, cleaned) -> services.BlockData:
    theme, question, survey = cleaned.get("theme"), cleaned.get("question"), cleaned.get("survey")
    meeting = cleaned.get("meeting")
    return services.BlockData(
        kind=kind,
        heading=cleaned.get("heading", ""),
        body=cleaned.get("body", ""),
        theme_id=theme.pk if theme else None,
        quote_ids=tuple(q.pk for q in cleaned.get("quotes") or ()),
        question_id=question.pk if question else None,
        survey_id=survey.pk if survey else None,
        meeting_id=meeting.pk if meeting else None,
    )


def _block_form_page(request, process, form, block=None):
    return render(
        request,
        "dialogue/manage/block_form.html",
        {
            "round": process,
            "form": form,
            "editing": block,
            "kind_label": BlockKind(form.kind).label,
        },
    )


@login_required
def block_add(request, slug):
    process, report = _report(request, slug)
    kind = request.POST.get("kind") or request.GET.get("kind", "")
    if kind not in BlockKind.values:
        messages.error(request, _("Choose a kind of block."))
        return redirect(_compose_url(slug))
    form = BlockForm(
        request.POST if "heading" in request.POST else None, process=process, kind=kind
    )
    if form.is_bound and form.is_valid():
        try:
            services.add_block(
                by=request.user, report=report, data=_block_data(kind, form.cleaned_data)
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The block is added."))
            return redirect(_compose_url(slug))
    return _block_form_page(request, process, form)


def _block(report, block_id) -> Block:
    return get_object_or_404(Block, pk=block_id, report=report)


@login_required
def block_edit(request, slug, block_id):
    process, report = _report(request, slug)
    block = _block(report, block_id)
    initial = {
        "heading": block.heading,
        "body": block.body,
        "theme": block.theme_id,
        "question": block.question_id,
        "survey": block.survey_id,
        "meeting": block.meeting_id,
        "quotes": [q.pk for q in block.quotes.all()],
    }
    form = BlockForm(request.POST or None, process=process, kind=block.kind, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.update_block(
                by=request.user, block=block, data=_block_data(block.kind, form.cleaned_data)
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_compose_url(slug))
    return _block_form_page(request, process, form, block)


@login_required
@require_POST
def block_move(request, slug, block_id):
    _unused, report = _report(request, slug)
    block = _block(report, block_id)
    services.move_block(by=request.user, block=block, up=request.POST.get("direction") == "up")
    return redirect(_compose_url(slug) + f"#block-{block.pk}")


@login_required
def block_delete(request, slug, block_id):
    process, report = _report(request, slug)
    block = _block(report, block_id)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Remove the block?"),
            breadcrumbs=_breadcrumbs(process),
            rows=[(_("Block"), str(block))],
            consequences=[
                _("The block is removed from the report being written."),
                _("Published versions of the report do not change."),
            ],
            button=_("Yes, remove the block"),
            cancel=_compose_url(slug),
            danger=True,
        )
    services.delete_block(by=request.user, block=block)
    messages.success(request, _("The block is removed."))
    return redirect(_compose_url(slug))


@login_required
def preview(request, slug):
    # Read only: the elected members may read the draft too (they change nothing).
    process = get_round_for(request.user, slug, "dialogue.read_draft_report")
    can_compose = request.user.has_perm("dialogue.compose_report", process)
    if can_compose:
        report = services.report_for(process)
    else:  # a reader writes nothing, not even the empty report
        report = get_object_or_404(Report, process=process)
    return render(
        request,
        "dialogue/manage/preview.html",
        {
            "round": process,
            "report": report,
            "can_compose": can_compose,
            # Our own templates over sanitised Markdown (dialogue.rendering).
            "html": mark_safe(render_report(report)),  # noqa: S308
            "problems": services.publishing_problems(report),
        },
    )


@login_required
def publish(request, slug):
    """Check before you act: a published version never changes; a correction is a new
    version that says what changed."""
    process, report = _report(request, slug)
    latest = report.latest_version()
    form = PublishForm(request.POST or None)
    if confirmed(request) and form.is_valid():
        try:
            version = services.publish_version(
                by=request.user, report=report, change_note=form.cleaned_data["change_note"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "Version %(number)d of the report is published. What happens next: everyone "
                    "can read it on the dialogue's page, and the PDF is ready in a few minutes."
                )
                % {"number": version.number},
            )
            return redirect("dialogue:report", slug=slug)
    return render(
        request,
        "dialogue/manage/publish.html",
        {
            "round": process,
            "report": report,
            "latest": latest,
            "form": form,
            "problems": services.publishing_problems(report),
            "breadcrumbs": _breadcrumbs(process),
        },
    )


@login_required
def feedback(request, slug):
    process = _process(request, slug)
    current = Feedback.objects.filter(process=process).first()
    if current and current.published_at:
        return redirect("dialogue:report", slug=slug)
    initial = (
        {"decided": current.decided, "used": current.used, "not_done": current.not_done}
        if current
        else {}
    )
    form = FeedbackForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.save_feedback(
                by=request.user, process=process, data=services.FeedbackData(**form.cleaned_data)
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Saved. Publish it when it is ready."))
            return redirect(_compose_url(slug))
    return render(request, "dialogue/manage/feedback_form.html", {"round": process, "form": form})


@login_required
def feedback_publish(request, slug):
    process = _process(request, slug)
    current = Feedback.objects.filter(process=process).first()
    if current is None:
        raise Http404
    waiting = FollowUpAddress.objects.filter(survey__process=process).values("email").distinct()
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Publish “You said – we did”?"),
            breadcrumbs=_breadcrumbs(process),
            rows=[(_("What was decided"), current.decided)],
            consequences=[
                _("Everyone can read it with the dialogue report."),
                _(
                    "%(n)d people who asked to be told get an e-mail, and their addresses are then "
                    "deleted."
                )
                % {"n": waiting.count()},
                _("It cannot be changed afterwards."),
            ],
            button=_("Yes, publish and tell them"),
            cancel=_compose_url(slug),
        )
    try:
        services.publish_feedback(by=request.user, process=process)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(_compose_url(slug))
    messages.success(
        request,
        _("“You said – we did” is published. The e-mails are sent within a few minutes."),
    )
    return redirect("dialogue:report", slug=slug)
