"""Pages for case officers: record the decision, create the projects, keep them up to date.

/hantera/omgangar/<slug>/uppfoljning/ is a task list (GOV.UK): record the decision → create
the projects → keep them up to date. Publishing the decision goes through "check your
answers" (core.confirm): a published decision is part of the public record and does not
change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS
from delaktig.core.forms import add_domain_error
from delaktig.core.markdown import render_markdown
from delaktig.processes.queries import get_round_for
from delaktig.processes.setup import CANNOT_YET, DONE, TODO, Step

from . import queries, services
from .forms import DecisionForm, ProjectForm, StatusForm, UpdateForm
from .models import Project, ProjectStatus, ProjectUpdate
from .rules import decision_of


def _round(request, slug, permission="followup.manage"):
    return get_round_for(request.user, slug, permission)


def _crumbs(budget_round, *, start=True):
    crumbs = [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (
            budget_round.name,
            reverse("processes_manage:round_manage", kwargs={"slug": budget_round.slug}),
        ),
    ]
    if start:
        crumbs.append(
            (_("Follow-up"), reverse("followup_manage:start", kwargs={"slug": budget_round.slug}))
        )
    return crumbs


def _steps(budget_round, decision, project_count, missing, unplanned) -> list[Step]:
    slug = {"slug": budget_round.slug}
    published = decision is not None and decision.published_at is not None
    if published:
        decision_step = Step(
            _("Record the decision"),
            None,
            DONE,
            _("%(body)s, %(date)s.")
            % {"body": decision.body, "date": date_format(decision.decided_on)},
        )
    else:
        decision_step = Step(
            _("Record the decision"),
            reverse("followup_manage:decision", kwargs=slug),
            TODO,
            _("A draft is saved. Check it and publish it.") if decision else "",
        )
    if not published:
        projects_step = Step(_("Create the projects"), None, CANNOT_YET)
    elif missing:
        projects_step = Step(
            _("Create the projects"),
            reverse("followup_manage:create_projects", kwargs=slug),
            TODO,
            ngettext(
                "%(count)d funded proposal has no project yet.",
                "%(count)d funded proposals have no project yet.",
                missing,
            )
            % {"count": missing},
        )
    else:
        projects_step = Step(
            _("Create the projects"),
            None,
            DONE,
            ngettext("%(count)d project.", "%(count)d projects.", project_count)
            % {"count": project_count},
        )
    if not project_count:
        keep_step = Step(_("Keep the projects up to date"), None, CANNOT_YET)
    elif unplanned:
        keep_step = Step(
            _("Keep the projects up to date"),
            None,
            TODO,
            ngettext(
                "%(count)d project has no dates or responsible official yet.",
                "%(count)d projects have no dates or responsible official yet.",
                unplanned,
            )
            % {"count": unplanned},
        )
    else:
        keep_step = Step(
            _("Keep the projects up to date"),
            None,
            DONE,
            _(
                "Every project has dates and a responsible official. Change the status and "
                "post updates as the work goes on."
            ),
        )
    return [decision_step, projects_step, keep_step]


@login_required
def start(request, slug):
    budget_round = _round(request, slug)
    decision = decision_of(budget_round)
    projects = list(
        Project.objects.filter(budget_round=budget_round)
        .select_related("responsible")
        .annotate(drafts=Count("updates", filter=Q(updates__published_at__isnull=True)))
        .order_by("title", "pk")
    )
    missing = 0
    if decision is not None and decision.published_at:
        missing = decision.funded.filter(project__isnull=True).count()
    return render(
        request,
        "followup/manage/start.html",
        {
            "round": budget_round,
            "decision": decision,
            "projects": projects,
            "steps": _steps(
                budget_round,
                decision,
                len(projects),
                missing,
                sum(
                    1
                    for p in projects
                    if p.status != ProjectStatus.CANCELLED
                    and not (p.responsible_id and p.planned_start and p.planned_end)
                ),
            ),
        },
    )


def _decision_data(form) -> services.DecisionData:
    c = form.cleaned_data
    return services.DecisionData(
        decided_on=c["decided_on"],
        body=c["body"],
        reference=c["reference"],
        funded_ids=frozenset(c["funded"]),
        deviation_reason=c["deviation_reason"],
    )


@login_required
def decision(request, slug):
    """Step 1: what was decided. Saved as a draft; the next page checks it before publishing."""
    budget_round = _round(request, slug, "followup.record_decision")
    existing = decision_of(budget_round)
    winners = queries.counted_winner_ids(budget_round)
    proposals = list(queries.ballot_proposals(budget_round))
    if existing is not None:
        initial = {
            "decided_on": existing.decided_on,
            "body": existing.body,
            "reference": existing.reference,
            "funded": [p.pk for p in existing.funded.all()],
            "deviation_reason": existing.deviation_reason,
        }
    else:
        initial = {"funded": sorted(winners)}
    form = DecisionForm(request.POST or None, initial=initial, proposals=proposals, winners=winners)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_decision(
                by=request.user, budget_round=budget_round, data=_decision_data(form)
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            return redirect("followup_manage:decision_check", slug=slug)
    return render(
        request,
        "followup/manage/decision_form.html",
        {"round": budget_round, "form": form, "crumbs": _crumbs(budget_round)},
        status=400 if form.errors else 200,
    )


@login_required
def decision_check(request, slug):
    """Check your answers, then publish. The POST of the button publishes."""
    budget_round = _round(request, slug, "followup.record_decision")
    existing = decision_of(budget_round)
    if existing is None:
        return redirect("followup_manage:decision", slug=slug)
    start_url = reverse("followup_manage:start", kwargs={"slug": slug})
    if not confirmed(request):
        funded = existing.funded.order_by("title", "pk")
        rows = [
            (_("Date of the decision"), date_format(existing.decided_on)),
            (_("Decided by"), existing.body),
            (_("Reference (diarienummer)"), existing.reference or "–"),
            (
                _("Proposals the decision funds"),
                ", ".join(p.title for p in funded) or _("None"),
            ),
            (
                _("Why the decision differs from the result"),
                existing.deviation_reason or _("It follows the counted result."),
            ),
        ]
        return confirmation(
            request,
            title=_("Check the decision before you publish it"),
            breadcrumbs=_crumbs(budget_round),
            rows=rows,
            consequences=[
                _("Everyone can read the decision on the result page and the follow-up page."),
                _("Those who follow the round are told."),
                _("A published decision cannot be changed. Check the date and the reference."),
                _("Next you create a project for each funded proposal."),
            ],
            button=_("Yes, publish the decision"),
            cancel=reverse("followup_manage:decision", kwargs={"slug": slug}),
        )
    try:
        services.publish_decision(by=request.user, budget_round=budget_round)
    except FORM_ERRORS as error:
        messages.error(request, str(error))
        return redirect(start_url)
    messages.success(
        request,
        _(
            "The decision is published. What happens next: create a project for each funded "
            "proposal, then keep each project up to date."
        ),
    )
    return redirect(start_url)


@login_required
def create_projects(request, slug):
    budget_round = _round(request, slug, "followup.manage_projects")
    start_url = reverse("followup_manage:start", kwargs={"slug": slug})
    missing = list(
        decision_of(budget_round).funded.filter(project__isnull=True).order_by("title", "pk")
    )
    if not missing:
        return redirect(start_url)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Create the projects?"),
            breadcrumbs=_crumbs(budget_round),
            rows=[(p.title, "") for p in missing],
            consequences=[
                ngettext(
                    "One project is created for the funded proposal above.",
                    "One project is created for each of the %(count)d funded proposals above.",
                    len(missing),
                )
                % {"count": len(missing)},
                _(
                    "Each starts as planned, with the proposal's cost as its budget. You can "
                    "change the budget, dates and who is responsible afterwards."
                ),
                _("Everyone can follow the projects on the round's follow-up page."),
            ],
            button=_("Yes, create the projects"),
            cancel=start_url,
        )
    created = services.create_projects(by=request.user, budget_round=budget_round)
    messages.success(
        request,
        ngettext(
            "%(count)d project is created. Next: give it dates and a responsible official.",
            "%(count)d projects are created. Next: give them dates and a responsible official.",
            len(created),
        )
        % {"count": len(created)},
    )
    return redirect(start_url)


def _project(request, slug, pk):
    budget_round = _round(request, slug, "followup.manage_projects")
    project = get_object_or_404(
        Project.objects.select_related("proposal", "unit", "responsible"),
        budget_round=budget_round,
        pk=pk,
    )
    return budget_round, project


def _project_data(form) -> services.ProjectData:
    c = form.cleaned_data
    return services.ProjectData(
        title=c["title"],
        description=c["description"],
        unit_id=c["unit"].pk if c["unit"] else None,
        responsible_id=c["responsible"].pk if c["responsible"] else None,
        planned_start=c["planned_start"],
        planned_end=c["planned_end"],
        budgeted_cost=c["budgeted_cost"],
        actual_cost=c["actual_cost"],
        progress=c["progress"],
    )


def _status_choices(project):
    allowed = services.ALLOWED[project.status]
    return [(value, label) for value, label in ProjectStatus.choices if value in allowed] + (
        [(project.status, project.get_status_display())]
        if project.status in services.NEEDS_REASON
        else []
    )


@login_required
def project(request, slug, pk):
    """One project: its details, its status and its updates (drafts included)."""
    budget_round, project = _project(request, slug, pk)
    return render(
        request,
        "followup/manage/project.html",
        {
            "round": budget_round,
            "project": project,
            "crumbs": _crumbs(budget_round),
            "drafts": queries.drafts(project),
            "timeline": queries.timeline(project),
            "status_choices": _status_choices(project),
        },
    )


@login_required
def project_edit(request, slug, pk):
    budget_round, project = _project(request, slug, pk)
    if project.status == ProjectStatus.CANCELLED:
        messages.error(request, _("The project is cancelled and can no longer be changed."))
        return redirect("followup_manage:project", slug=slug, pk=pk)
    initial = {
        "title": project.title,
        "description": project.description,
        "unit": project.unit,
        "responsible": project.responsible,
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "budgeted_cost": project.budgeted_cost,
        "actual_cost": project.actual_cost,
        "progress": project.progress,
    }
    form = ProjectForm(request.POST or None, initial=initial, officials=queries.officials())
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(by=request.user, project=project, data=_project_data(form))
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect("followup_manage:project", slug=slug, pk=pk)
    return render(
        request,
        "followup/manage/project_form.html",
        {"round": budget_round, "project": project, "form": form, "crumbs": _crumbs(budget_round)},
        status=400 if form.errors else 200,
    )


@login_required
def project_status(request, slug, pk):
    budget_round, project = _project(request, slug, pk)
    choices = _status_choices(project)
    if not choices:
        messages.error(request, services.transition_refusal(project.status, ProjectStatus.ONGOING))
        return redirect("followup_manage:project", slug=slug, pk=pk)
    form = StatusForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                by=request.user,
                project=project,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The status is changed. Everyone can see it on the project's page, and its "
                    "followers are told."
                ),
            )
            return redirect("followup_manage:project", slug=slug, pk=pk)
    return render(
        request,
        "followup/manage/status_form.html",
        {"round": budget_round, "project": project, "form": form, "crumbs": _crumbs(budget_round)},
        status=400 if form.errors else 200,
    )


@login_required
def update_create(request, slug, pk):
    budget_round, project = _project(request, slug, pk)
    if project.status == ProjectStatus.CANCELLED:
        messages.error(
            request, _("The project is cancelled. No more updates can be posted about it.")
        )
        return redirect("followup_manage:project", slug=slug, pk=pk)
    form = UpdateForm(
        request.POST or None, request.FILES or None, initial={"dated": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        data = services.UpdateData(
            title=c["title"],
            body=c["body"],
            dated=c["dated"],
            photos=((c["photo"], c["photo_alt"]),) if c["photo"] else (),
            documents=((c["document"], c["document_title"]),) if c["document"] else (),
        )
        publish = request.POST.get("publish") == "yes"
        try:
            update = services.save_update(
                by=request.user, project=project, data=data, publish=publish
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            if publish:
                messages.success(
                    request,
                    _("The update is published on the project's page. Its followers are told."),
                )
                return redirect("followup_manage:project", slug=slug, pk=pk)
            messages.success(
                request, _("The update is saved as a draft. Nobody else can see it yet.")
            )
            return redirect("followup_manage:update", slug=slug, pk=pk, update_id=update.pk)
    return render(
        request,
        "followup/manage/update_form.html",
        {"round": budget_round, "project": project, "form": form, "crumbs": _crumbs(budget_round)},
        status=400 if form.errors else 200,
    )


def _draft(request, slug, pk, update_id):
    budget_round, project = _project(request, slug, pk)
    update = get_object_or_404(
        ProjectUpdate.objects.prefetch_related("photos", "documents"),
        project=project,
        pk=update_id,
    )
    return budget_round, project, update


@login_required
def update_detail(request, slug, pk, update_id):
    """A draft as it will look, with buttons to publish or delete it."""
    budget_round, project, update = _draft(request, slug, pk, update_id)
    return render(
        request,
        "followup/manage/update.html",
        {
            "round": budget_round,
            "project": project,
            "update": update,
            "body": render_markdown(update.body),
            "crumbs": _crumbs(budget_round),
        },
    )


@login_required
@require_POST
def update_publish(request, slug, pk, update_id):
    update = _draft(request, slug, pk, update_id)[2]
    try:
        services.publish_update(by=request.user, update=update)
    except FORM_ERRORS as error:
        messages.error(request, str(error))
        return redirect("followup_manage:update", slug=slug, pk=pk, update_id=update_id)
    messages.success(
        request, _("The update is published on the project's page. Its followers are told.")
    )
    return redirect("followup_manage:project", slug=slug, pk=pk)


@login_required
@require_POST
def update_delete(request, slug, pk, update_id):
    update = _draft(request, slug, pk, update_id)[2]
    if update.published_at is not None:
        raise Http404
    services.delete_draft(by=request.user, update=update)
    messages.success(request, _("The draft is deleted."))
    return redirect("followup_manage:project", slug=slug, pk=pk)
