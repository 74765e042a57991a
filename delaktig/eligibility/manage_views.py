"""Officials' pages: how the round decides who votes, the census, the invitation list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from delaktig.approvals.models import Approval
from delaktig.approvals.pages import ask_second_official
from delaktig.core.errors import DomainError
from delaktig.processes.queries import get_round_for

from . import approvals
from .checks import settings_for
from .forms import SettingsForm, UploadForm
from .models import CensusEntry, Invitation, RollFile, RoundEligibility
from .services import guards, issuing, roll_files, round_settings, sending

PERM = "eligibility.manage_roll"
PAGE_SIZE = 100


def _round(request, slug):
    budget_round = get_round_for(request.user, slug, PERM)
    return budget_round


@login_required
def overview(request, slug):
    """The round's settings (a form) and a summary of its census and invitation list."""
    budget_round = _round(request, slug)
    current = settings_for(budget_round) or RoundEligibility(budget_round=budget_round)
    form = SettingsForm(request.POST or None, instance=current, process=budget_round)
    context = {"round": budget_round, "form": form}
    if request.method == "POST" and form.is_valid():
        data = round_settings.SettingsData(
            **{f: form.cleaned_data[f] for f in SettingsForm.Meta.fields if f in form.fields}
        )
        try:
            round_settings.save_settings(by=request.user, budget_round=budget_round, data=data)
        except DomainError as error:
            context["service_error"] = str(error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("eligibility_manage:index", slug=slug)
    context.update(
        census_count=CensusEntry.objects.filter(budget_round=budget_round).count(),
        counts=Invitation.objects.filter(budget_round=budget_round).counts(),
    )
    return render(request, "eligibility/manage/overview.html", context)


@login_required
def census_upload(request, slug):
    budget_round = _round(request, slug)
    form, queued = _queue_upload(request, budget_round, RollFile.Kind.CENSUS)
    if queued is not None:
        return queued
    context = {"round": budget_round, "form": form}
    context["by_area"] = (
        CensusEntry.objects.filter(budget_round=budget_round)
        .values("area__name")
        .annotate(n=Count("pk"))
        .order_by("area__name")
    )
    return render(request, "eligibility/manage/census_upload.html", context)


@login_required
def invitation_upload(request, slug):
    budget_round = _round(request, slug)
    form, queued = _queue_upload(request, budget_round, RollFile.Kind.INVITATIONS)
    if queued is not None:
        return queued
    context = {"round": budget_round, "form": form}
    return render(request, "eligibility/manage/invitation_upload.html", context)


def _queue_upload(request, budget_round, kind):
    """(form, redirect): a valid upload goes to the task queue and the browser to the file's
    page; otherwise the redirect is None and the upload page shows the form and its errors."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return form, None
    try:
        job = roll_files.queue_roll_file(
            by=request.user,
            budget_round=budget_round,
            kind=kind,
            uploaded=form.cleaned_data["file"],
        )
    except roll_files.RollFileBusy as busy:
        messages.error(request, str(busy))
        job = busy.job
    return form, redirect("eligibility_manage:roll_file", slug=budget_round.slug, pk=job.pk)


@login_required
def roll_file(request, slug, pk):
    """How an uploaded census or invitation file went: waiting, imported, or every error."""
    budget_round = _round(request, slug)
    # Not the file itself (up to ~27 MB encrypted): the page is fetched every two seconds.
    job = get_object_or_404(RollFile.objects.defer("content"), pk=pk, budget_round=budget_round)
    if job.status == RollFile.Status.DONE and job.kind == RollFile.Kind.CENSUS:
        done = ngettext(
            "The census is replaced. It has %(count)d person.",
            "The census is replaced. It has %(count)d people.",
            job.count or 0,
        ) % {"count": job.count or 0}
    elif job.status == RollFile.Status.DONE and job.kind == RollFile.Kind.CODE_SHEET:
        done = ngettext(
            "The code sheet is ready: %(count)d code.",
            "The code sheet is ready: %(count)d codes.",
            job.count or 0,
        ) % {"count": job.count or 0}
    elif job.status == RollFile.Status.DONE:
        done = ngettext(
            "%(count)d person was added to the invitation list.",
            "%(count)d people were added to the invitation list.",
            job.count or 0,
        ) % {"count": job.count or 0}
    else:
        done = ""
    upload = {
        RollFile.Kind.CENSUS: "census",
        RollFile.Kind.INVITATIONS: "invitation_upload",
    }.get(job.kind, "invitations")
    return render(
        request,
        "eligibility/manage/roll_file.html",
        {
            "round": budget_round,
            "job": job,
            "done": done,
            "service_error": job.message if job.status == RollFile.Status.FAILED else "",
            "row_errors": job.row_errors,
            "upload_url": reverse(f"eligibility_manage:{upload}", kwargs={"slug": slug}),
            "approval": Approval.objects.filter(
                budget_round=budget_round,
                action=approvals.IMPORT_ROLL,
                params__roll_file=job.pk,
            ).first()
            if job.status == RollFile.Status.CHECKED
            else None,
        },
    )


@login_required
def invitation_list(request, slug):
    budget_round = _round(request, slug)
    invitations = Invitation.objects.filter(budget_round=budget_round)
    groups = list(
        invitations.exclude(group="").order_by("group").values_list("group", flat=True).distinct()
    )
    group = request.GET.get("grupp", "")
    shown = invitations.filter(group=group) if group else invitations
    page = Paginator(shown.select_related("area"), PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "eligibility/manage/invitation_list.html",
        {
            "round": budget_round,
            "counts": invitations.counts(),
            "page": page,
            "groups": groups,
            "group": group,
            "codes_need_approval": guards.code_approval_needed(budget_round),
            "roll_frozen": guards.roll_is_frozen(budget_round),
        },
    )


def _chosen(request, budget_round, *, new):
    """The invitations a bulk action applies to: a group (or all), and of those (`which`) the
    new ones (`new`: a Q of what "new" means for the action), those who have not used their
    code yet (a reminder), or everyone."""
    chosen = Invitation.objects.filter(budget_round=budget_round, revoked_at__isnull=True)
    if request.POST.get("group"):
        chosen = chosen.filter(group=request.POST["group"])
    which = request.POST.get("which")
    if which == "unused":
        return chosen.filter(used_at__isnull=True)
    if which == "all":
        return chosen
    return chosen.filter(new)


def _pdf_response(pdf: bytes, budget_round, suffix) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"rostkoder-{slugify(budget_round.slug)}-{suffix}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def issue_codes(request, slug):
    """Have the task queue issue codes and make the code sheet; the official downloads it once
    from the sheet's page (the codes are not kept anywhere else)."""
    budget_round = _round(request, slug)
    chosen = _chosen(request, budget_round, new=Q(code_hash__isnull=True))
    if guards.code_approval_needed(budget_round):
        return _ask_second_official(request, budget_round, approvals.CODE_SHEET, chosen)
    try:
        job = roll_files.queue_code_sheet(
            by=request.user, budget_round=budget_round, invitations=chosen
        )
    except roll_files.RollFileBusy as busy:
        messages.error(request, str(busy))
        return redirect("eligibility_manage:roll_file", slug=slug, pk=busy.job.pk)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("eligibility_manage:invitations", slug=slug)
    if job is None:
        messages.error(request, _("There were no invitations to issue codes for."))
        return redirect("eligibility_manage:invitations", slug=slug)
    return redirect("eligibility_manage:roll_file", slug=slug, pk=job.pk)


@login_required
@require_POST
def code_sheet_download(request, slug, pk):
    """The code sheet's PDF, once (POST: a link prefetched by a browser or a scanner must not
    use it up)."""
    budget_round = _round(request, slug)
    job = get_object_or_404(
        RollFile, pk=pk, budget_round=budget_round, kind=RollFile.Kind.CODE_SHEET
    )
    try:
        pdf = roll_files.take_code_sheet(job, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("eligibility_manage:roll_file", slug=slug, pk=pk)
    return _pdf_response(pdf, budget_round, f"kodark-{job.pk}")


@login_required
@require_POST
def send_emails(request, slug):
    budget_round = _round(request, slug)
    chosen = _chosen(request, budget_round, new=Q(sent_at__isnull=True))
    if guards.code_approval_needed(budget_round):
        return _ask_second_official(request, budget_round, approvals.SEND_CODES, chosen)
    try:
        count = sending.send_invitations(
            by=request.user, budget_round=budget_round, invitations=chosen
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("eligibility_manage:invitations", slug=slug)
    messages.success(
        request,
        ngettext(
            "%(count)d e-mail with a new voting code is on its way.",
            "%(count)d e-mails with new voting codes are on their way.",
            count,
        )
        % {"count": count},
    )
    return redirect("eligibility_manage:invitations", slug=slug)


@login_required
@require_POST
def revoke(request, slug, pk):
    budget_round = _round(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, budget_round=budget_round)
    try:
        issuing.revoke_invitation(by=request.user, invitation=invitation)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The code of %(name)s no longer works.") % {"name": invitation.name}
        )
    return redirect("eligibility_manage:invitations", slug=slug)


@login_required
@require_POST
def reissue(request, slug, pk):
    """A new code for one person, answered with their code sheet (one slip)."""
    budget_round = _round(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, budget_round=budget_round)
    if guards.code_approval_needed(budget_round):
        if "reason" not in request.POST:
            # Check before asking: what will happen, and why a second official must approve.
            return render(
                request,
                "eligibility/manage/reissue_request.html",
                {"round": budget_round, "invitation": invitation},
            )
        return _ask_second_official(
            request, budget_round, approvals.CODE_SHEET, [invitation], back_to_list=False
        )
    try:
        pdf = issuing.reprint_code(by=request.user, invitation=invitation)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("eligibility_manage:invitations", slug=slug)
    return _pdf_response(pdf, budget_round, f"ny-kod-{invitation.pk}")


def _ask_second_official(request, budget_round, action, invitations, *, back_to_list=True):
    """Once voting has opened new codes wait for a second case officer (four-eyes)."""
    ids = sorted(i.pk for i in invitations if i.revoked_at is None or not back_to_list)
    if not ids:
        messages.error(request, _("There were no invitations to issue codes for."))
        return redirect("eligibility_manage:invitations", slug=budget_round.slug)
    return ask_second_official(
        request,
        budget_round=budget_round,
        action=action,
        params={"invitation_ids": ids},
        saved=_(
            "Your request is saved. A second case officer must approve it before any code "
            "changes; ask a colleague to open Approvals for this round."
        ),
        back=reverse("eligibility_manage:invitations", kwargs={"slug": budget_round.slug}),
    )
