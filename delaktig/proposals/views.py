"""Participants' pages: list, read, send in, change, withdraw, comment, support, report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from delaktig.core.errors import FORM_ERRORS
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import require, why_not
from delaktig.core.sections import sections
from delaktig.eligibility.rules import codes_may_propose, is_code_voter
from delaktig.processes.phases import COMMENT
from delaktig.processes.queries import get_round_for

from . import kept_images, services
from .component import SUBMIT_PROPOSAL
from .forms import CommentForm, ProposalFilterForm, ProposalForm, ReportForm, SortChoice
from .models import Comment, Proposal, ProposalStatus, Support

PAGE_SIZE = 20


def proposal_list(request, slug):
    budget_round = get_round_for(request.user, slug)
    filter_form = ProposalFilterForm(
        request.GET or None,
        areas=budget_round.areas.all(),
        categories=budget_round.categories.all(),
    )
    chosen = filter_form.filters() if request.GET else {"sort": SortChoice.NEWEST}
    proposals = Proposal.objects.published().in_round(budget_round).for_list()
    if chosen.get("area"):
        proposals = proposals.filter(area=chosen["area"])
    if chosen.get("category"):
        proposals = proposals.filter(category=chosen["category"])
    if chosen["sort"] == SortChoice.SUPPORTED:
        proposals = proposals.order_by("-support_count", "-created_at", "-pk")
    else:
        proposals = proposals.order_by("-created_at", "-pk")
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    submit_refused = why_not("proposals.add_proposal", request.user, budget_round)
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "round": budget_round,
            "filter_form": filter_form,
            "page": page,
            "query": query.urlencode(),
            "can_submit": not submit_refused,
            # While proposals are welcome, whoever cannot send one in is told why and how.
            "submit_refused": (submit_refused if budget_round.allows(SUBMIT_PROPOSAL) else ""),
            # Youth rounds: pupils sign in with the code from their school (issue 11).
            "codes_may_propose": bool(submit_refused)
            and codes_may_propose.test(request.user, budget_round),
        },
    )


def _detail_context(request, budget_round, proposal, **forms):
    user = request.user
    comments = Comment.objects.filter(proposal=proposal).select_related("author")
    supported = (
        user.is_authenticated and Support.objects.filter(proposal=proposal, user=user).exists()
    )
    can_comment = user.has_perm("proposals.comment_proposal", proposal)
    return {
        "round": budget_round,
        "proposal": proposal,
        "comments": comments,
        "supported": supported,
        "can_edit": user.has_perm("proposals.change_proposal", proposal),
        "can_withdraw": user.has_perm("proposals.delete_proposal", proposal),
        "can_comment": can_comment,
        # Why a signed-in person sees no comment form where others do (a code voter).
        "comment_refused": (
            why_not("proposals.comment_proposal", user, proposal)
            if user.is_authenticated
            and not can_comment
            and proposal.is_active
            and budget_round.allows(COMMENT)
            else ""
        ),
        "can_support": user.has_perm("proposals.support_proposal", proposal),
        "can_report": user.has_perm("proposals.report_proposal", proposal),
        "comment_form": forms.get("comment_form") or CommentForm(),
        # The project carrying the proposal out, from the follow-up (core.sections).
        "added_sections": sections("proposals.detail", proposal=proposal, user=user),
    }


def proposal_detail(request, slug, pk):
    budget_round = get_round_for(request.user, slug)
    proposal = services.get_proposal_for(request.user, budget_round, pk)
    context = _detail_context(request, budget_round, proposal)
    return render(request, "proposals/proposal_detail.html", context)


def _proposal_data(form) -> services.ProposalData:
    cleaned = form.cleaned_data
    image = cleaned.get("image")
    if image is not False and not isinstance(image, UploadedFile):
        image = None  # no new upload: keep what is there
    return services.ProposalData(
        title=cleaned["title"],
        description=cleaned["description"],
        estimated_cost=cleaned["estimated_cost"],
        area=cleaned.get("area"),
        category=cleaned.get("category"),
        image=image,
        image_alt=cleaned.get("image_alt", ""),
        # Asked only where the round allows a pseudonym; otherwise the proposal keeps its own.
        pseudonym=cleaned.get("pseudonym") if "pseudonym" in form.fields else None,
    )


def _kept_after_error(request, form):
    """The image to keep while the person puts the form right: a new upload that passed its
    checks, else the one kept before (unless the image was removed). None if there is none."""
    kept = form.kept_image
    if request.method != "POST" or "image" in form.errors:
        return kept
    image = getattr(form, "cleaned_data", {}).get("image")
    if image is False:
        kept_images.discard(request, kept)
        return None
    if isinstance(image, UploadedFile) and not form.uses_kept_image:
        kept_images.discard(request, kept)
        try:
            kept = kept_images.keep(request, image)
        except ValidationError:
            return None
    if kept is not None:
        widget = form.fields["image"].widget
        described = widget.attrs.get("aria-describedby", "id_image_helptext")
        widget.attrs["aria-describedby"] = f"id_image_kept {described}"
    return kept


def _form_page(request, budget_round, form, proposal):
    if form.cost_warning and "estimated_cost" in form.fields:
        widget = form.fields["estimated_cost"].widget
        described = widget.attrs.get("aria-describedby", "id_estimated_cost_helptext")
        widget.attrs["aria-describedby"] = f"{described} id_estimated_cost_warning"
    return render(
        request,
        "proposals/proposal_form.html",
        {
            "round": budget_round,
            "form": form,
            "proposal": proposal,
            "kept_image": _kept_after_error(request, form),
            "cost_caps": form.cost_caps(),
        },
    )


@login_required
def proposal_create(request, slug):
    budget_round = get_round_for(request.user, slug)
    require("proposals.add_proposal", request.user, budget_round)
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        budget_round=budget_round,
        kept_image=kept_images.from_request(request) if request.method == "POST" else None,
        may_sign=not is_code_voter(request.user),
    )
    if request.method == "POST" and form.is_valid() and not form.cost_needs_confirming:
        try:
            proposal = services.submit_proposal(
                by=request.user, budget_round=budget_round, data=_proposal_data(form)
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            kept_images.discard(request, form.kept_image)
            if proposal.status == ProposalStatus.PENDING:
                messages.success(
                    request,
                    _(
                        "Thank you! A moderator reads your proposal before it is published. "
                        "You can see it here until then."
                    ),
                )
            else:
                messages.success(request, _("Thank you! Your proposal has been published."))
            return redirect(proposal)
    return _form_page(request, budget_round, form, None)


@login_required
def proposal_edit(request, slug, pk):
    budget_round = get_round_for(request.user, slug)
    proposal = services.get_proposal_for(request.user, budget_round, pk)
    require("proposals.change_proposal", request.user, proposal)
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        instance=proposal,
        budget_round=budget_round,
        kept_image=kept_images.from_request(request) if request.method == "POST" else None,
        may_sign=proposal.author_name_shown,
    )
    if request.method == "POST" and form.is_valid() and not form.cost_needs_confirming:
        try:
            services.edit_proposal(by=request.user, proposal=proposal, data=_proposal_data(form))
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            kept_images.discard(request, form.kept_image)
            messages.success(request, _("Your changes have been saved."))
            return redirect(proposal)
    return _form_page(request, budget_round, form, proposal)


@login_required
def proposal_withdraw(request, slug, pk):
    budget_round = get_round_for(request.user, slug)
    proposal = services.get_proposal_for(request.user, budget_round, pk)
    require("proposals.delete_proposal", request.user, proposal)
    if request.method == "POST":
        services.withdraw_proposal(by=request.user, proposal=proposal)
        messages.success(request, _("Your proposal has been withdrawn."))
        return redirect("proposals:list", slug=budget_round.slug)
    return render(
        request,
        "proposals/proposal_withdraw.html",
        {"round": budget_round, "proposal": proposal},
    )


@require_POST
@login_required
def comment_create(request, slug, pk):
    budget_round = get_round_for(request.user, slug)
    proposal = services.get_proposal_for(request.user, budget_round, pk)
    require("proposals.comment_proposal", request.user, proposal)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(by=request.user, proposal=proposal, body=form.cleaned_data["body"])
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your comment has been published."))
            return redirect(f"{proposal.get_absolute_url()}#kommentarer")
    context = _detail_context(request, budget_round, proposal, comment_form=form)
    return render(request, "proposals/proposal_detail.html", context, status=400)


@require_POST
@login_required
def support_toggle(request, slug, pk):
    budget_round = get_round_for(request.user, slug)
    proposal = services.get_proposal_for(request.user, budget_round, pk)
    supported = services.toggle_support(by=request.user, proposal=proposal)
    if request.htmx:
        context = {
            "round": budget_round,
            "proposal": proposal,
            "supported": supported,
            "can_support": True,
        }
        return render(request, "proposals/_proposal_support.html", context)
    if supported:
        messages.success(request, _("Thank you for your support."))
    else:
        messages.success(request, _("You no longer support the proposal."))
    return redirect(proposal)


def _reported_comment(request, proposal):
    """The comment named in the request (?kommentar=id), or None; 404 if it is not there."""
    raw = request.POST.get("comment") or request.GET.get("kommentar")
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    return get_object_or_404(Comment, pk=int(raw), proposal=proposal, is_hidden=False)


@login_required
def report_create(request, slug, pk):
    budget_round = get_round_for(request.user, slug)
    proposal = services.get_proposal_for(request.user, budget_round, pk)
    require("proposals.report_proposal", request.user, proposal)
    comment = _reported_comment(request, proposal)
    form = ReportForm(request.POST or None, initial={"comment": comment.pk if comment else None})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_content(
                by=request.user,
                proposal=proposal,
                comment=comment,
                reason=form.cleaned_data["reason"],
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at what you reported."))
            return redirect(proposal)
    return render(
        request,
        "proposals/report_form.html",
        {"round": budget_round, "proposal": proposal, "comment": comment, "form": form},
    )
