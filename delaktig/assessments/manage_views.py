"""Officials' pages: the round's proposals to assess, the assessment form, merge, publish."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS, Conflict
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import require
from delaktig.processes.queries import get_round_for
from delaktig.proposals.models import Proposal

from . import services
from .forms import AssessmentForm, MergeForm
from .queries import proposals_to_assess


def _round_for_official(request, slug):
    budget_round = get_round_for(request.user, slug, "assessments.view_assessment_queue")
    return budget_round


def _proposal_to_assess(request, budget_round, pk) -> Proposal:
    proposal = get_object_or_404(
        Proposal.objects.active().in_round(budget_round).select_related("assessment", "area"),
        pk=pk,
    )
    require("assessments.assess_proposal", request.user, proposal)
    return proposal


@login_required
def assessment_queue(request, slug):
    budget_round = _round_for_official(request, slug)
    proposals = list(proposals_to_assess(budget_round))
    unpublished = sum(
        1
        for p in proposals
        if getattr(p, "assessment", None) is not None and p.assessment.published_at is None
    )
    return render(
        request,
        "assessments/manage/assessment_list.html",
        {
            "round": budget_round,
            "proposals": proposals,
            "unpublished": unpublished,
            "can_assess": request.user.has_perm("assessments.assess_proposal", budget_round),
            "can_publish": request.user.has_perm("assessments.publish_assessments", budget_round),
        },
    )


@login_required
def assessment_edit(request, slug, pk):
    budget_round = _round_for_official(request, slug)
    proposal = _proposal_to_assess(request, budget_round, pk)
    instance = getattr(proposal, "assessment", None)
    form = AssessmentForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.assess_proposal(
                by=request.user,
                proposal=proposal,
                verdict=form.cleaned_data["verdict"],
                reason=form.cleaned_data["reason"],
                official_cost=form.cleaned_data.get("official_cost"),
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The assessment is saved. It becomes public when you publish it.")
            )
            return redirect("assessments_manage:list", slug=budget_round.slug)
    return render(
        request,
        "assessments/manage/assessment_form.html",
        {"round": budget_round, "proposal": proposal, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def proposal_merge(request, slug, pk):
    budget_round = _round_for_official(request, slug)
    source = _proposal_to_assess(request, budget_round, pk)
    form = MergeForm(request.POST or None, source=source)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            services.merge_duplicate(by=request.user, source=source, target=target)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The proposal is merged into “%(title)s”.") % {"title": target.title},
            )
            return redirect("assessments_manage:list", slug=budget_round.slug)
    return render(
        request,
        "assessments/manage/proposal_merge.html",
        {"round": budget_round, "proposal": source, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def assessments_publish(request, slug):
    """Check before you act: how many assessments become public and that each proposer gets an
    e-mail; the POST of the confirmation's button publishes."""
    budget_round = _round_for_official(request, slug)
    require("assessments.publish_assessments", request.user, budget_round)
    list_url = reverse("assessments_manage:list", kwargs={"slug": budget_round.slug})
    if not confirmed(request):
        waiting = sum(
            1
            for p in proposals_to_assess(budget_round)
            if getattr(p, "assessment", None) is not None and p.assessment.published_at is None
        )
        return confirmation(
            request,
            title=_("Publish the assessments?"),
            breadcrumbs=[
                (_("Manage"), reverse("processes_manage:dashboard")),
                (
                    budget_round.name,
                    reverse("processes_manage:round_manage", kwargs={"slug": budget_round.slug}),
                ),
                (_("Assess proposals"), list_url),
            ],
            rows=[
                (_("Round"), budget_round.name),
                (_("Assessments to publish"), str(waiting)),
            ],
            consequences=[
                _("Everyone can read each assessment and its reason on the proposal's page."),
                _(
                    "Each proposer gets an e-mail with the assessment. "
                    "An e-mail cannot be taken back."
                ),
                _("Proposals assessed as feasible can be put on the ballot."),
            ],
            button=_("Yes, publish and tell the proposers"),
            cancel=list_url,
        )
    try:
        published = services.publish_assessments(
            by=request.user,
            budget_round=budget_round,
            site_url=request.build_absolute_uri("/"),
        )
    except Conflict as error:
        messages.warning(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d assessment is published and its author has been told.",
                "%(count)d assessments are published and their authors have been told.",
                len(published),
            )
            % {"count": len(published)}
            + " "
            + _("What happens next: the feasible proposals can be put on the ballot."),
        )
    return redirect(list_url)
