"""Officials keep the effect goals on behalf of the elected members: the goal, its indicators,
measurements typed in or imported from a file (checked, shown, then confirmed), the rounds,
proposals and projects it serves, and publishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS, InvalidInput
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import require
from delaktig.eligibility.tables import FileHasErrors

from . import imports, queries, services
from .forms import (
    GoalForm,
    ImportForm,
    IndicatorForm,
    MeasurementEditForm,
    MeasurementForm,
    PickFilterForm,
    RoundsForm,
)
from .models import Indicator, Measurement
from .templatetags.goals import measure


def _goal(request, slug):
    return queries.goal_to_manage(request.user, slug)


def _indicator(request, slug, pk) -> Indicator:
    goal = _goal(request, slug)
    indicator = get_object_or_404(Indicator, pk=pk, goal=goal)
    indicator.goal = goal  # the permission was asked on this goal
    return indicator


def _goal_url(goal) -> str:
    return reverse("goals_manage:goal", kwargs={"slug": goal.slug})


def _values_url(indicator) -> str:
    return reverse("goals_manage:values", kwargs={"slug": indicator.goal.slug, "pk": indicator.pk})


def _breadcrumbs(goal=None) -> list[tuple[str, str]]:
    crumbs = [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (_("Effect goals"), reverse("goals_manage:list")),
    ]
    if goal is not None:
        crumbs.append((goal.title, _goal_url(goal)))
    return crumbs


# -- goals ----------------------------------------------------------------------------------------


@login_required
def goal_list(request):
    require("goals.manage_goals", request.user)
    goals = list(queries.manage_goals())
    for goal in goals:
        goal.may_change = request.user.has_perm("goals.change_goal", goal)
    return render(
        request,
        "goals/manage/goal_list.html",
        {"goals": goals, "breadcrumbs": _breadcrumbs()[:1]},
    )


@login_required
def goal_create(request):
    require("goals.manage_goals", request.user)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.create_goal(by=request.user, data=form.cleaned_data)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The goal is created as a draft. Add its indicators next."))
            return redirect(_goal_url(goal))
    return render(
        request,
        "goals/manage/goal_form.html",
        {"form": form, "breadcrumbs": _breadcrumbs(), "title": _("Create an effect goal")},
    )


@login_required
def goal_edit(request, slug):
    goal = _goal(request, slug)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_goal(by=request.user, goal=goal, data=form.cleaned_data)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_goal_url(goal))
    goal.refresh_from_db()
    return render(
        request,
        "goals/manage/goal_form.html",
        {
            "form": form,
            "goal": goal,
            "breadcrumbs": _breadcrumbs(goal),
            "title": _("Change the goal"),
        },
    )


@login_required
def goal_manage(request, slug):
    goal = _goal(request, slug)
    return render(
        request,
        "goals/manage/goal_manage.html",
        {
            "goal": goal,
            "indicators": list(goal.indicators.all()),
            "rounds": list(goal.rounds.order_by("name")),
            "proposal_count": goal.proposals.count(),
            "project_count": goal.projects.count(),
            "problems": services.publish_problems(goal),
            "breadcrumbs": _breadcrumbs(),
        },
    )


@login_required
def goal_publish(request, slug):
    goal = _goal(request, slug)
    if goal.published:
        messages.info(request, _("The goal is already published."))
        return redirect(_goal_url(goal))
    if problems := services.publish_problems(goal):
        messages.error(request, problems[0])
        return redirect(_goal_url(goal))
    if confirmed(request):
        services.publish_goal(by=request.user, goal=goal)
        messages.success(
            request,
            _(
                "The goal is published. Everyone can read it at the address below, and the "
                "pages of the rounds it serves link to it."
            ),
        )
        return redirect(_goal_url(goal))
    return confirmation(
        request,
        title=_("Publish the goal?"),
        breadcrumbs=_breadcrumbs(goal),
        rows=[
            (_("Goal"), goal.title),
            (_("Indicators"), ", ".join(i.name for i in goal.indicators.all())),
        ],
        consequences=[
            _("Everyone can read the goal, its indicators and every value on a public page."),
            _("The rounds, proposals and projects linked to it show that they serve it."),
            _("You can unpublish it later; the page then disappears for the public."),
        ],
        button=_("Publish the goal"),
        cancel=_goal_url(goal),
    )


@login_required
def goal_unpublish(request, slug):
    goal = _goal(request, slug)
    if not goal.published:
        messages.info(request, _("The goal is not published."))
        return redirect(_goal_url(goal))
    if confirmed(request):
        services.unpublish_goal(by=request.user, goal=goal)
        messages.success(request, _("The goal is a draft again. The public can no longer see it."))
        return redirect(_goal_url(goal))
    return confirmation(
        request,
        title=_("Unpublish the goal?"),
        breadcrumbs=_breadcrumbs(goal),
        rows=[(_("Goal"), goal.title)],
        consequences=[
            _("The goal's page disappears for the public, and links to it are removed."),
            _("Nothing is deleted: publish it again whenever you like."),
        ],
        button=_("Unpublish the goal"),
        cancel=_goal_url(goal),
        danger=True,
    )


# -- indicators -----------------------------------------------------------------------------------


@login_required
def indicator_create(request, slug):
    goal = _goal(request, slug)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.add_indicator(by=request.user, goal=goal, data=form.cleaned_data)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The indicator is added. Type in its values or import a file.")
            )
            return redirect(_values_url(indicator))
    return render(
        request,
        "goals/manage/indicator_form.html",
        {
            "form": form,
            "goal": goal,
            "breadcrumbs": _breadcrumbs(goal),
            "title": _("Add an indicator"),
        },
    )


@login_required
def indicator_edit(request, slug, pk):
    indicator = _indicator(request, slug, pk)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_indicator(by=request.user, indicator=indicator, data=form.cleaned_data)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_values_url(indicator))
    return render(
        request,
        "goals/manage/indicator_form.html",
        {
            "form": form,
            "goal": indicator.goal,
            "indicator": indicator,
            "breadcrumbs": _breadcrumbs(indicator.goal),
            "title": _("Change the indicator"),
        },
    )


@login_required
def indicator_delete(request, slug, pk):
    indicator = _indicator(request, slug, pk)
    goal = indicator.goal
    if confirmed(request):
        try:
            services.delete_indicator(by=request.user, indicator=indicator)
        except FORM_ERRORS as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The indicator and its values are removed."))
        return redirect(_goal_url(goal))
    count = indicator.measurements.count()
    return confirmation(
        request,
        title=_("Remove the indicator?"),
        breadcrumbs=_breadcrumbs(goal),
        rows=[(_("Indicator"), indicator.name)],
        consequences=[
            ngettext(
                "The indicator and its %(count)d value are removed.",
                "The indicator and its %(count)d values are removed.",
                count,
            )
            % {"count": count},
            _("This cannot be undone. The audit log keeps a record of the removal."),
        ],
        button=_("Remove the indicator"),
        cancel=_values_url(indicator),
        danger=True,
    )


# -- measurements ---------------------------------------------------------------------------------


@login_required
def indicator_values(request, slug, pk):
    """An indicator's values, and the form to type in one more."""
    indicator = _indicator(request, slug, pk)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_measurement(
                by=request.user,
                indicator=indicator,
                measured_on=data["measured_on"],
                value=data["value"],
                comment=data["comment"],
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The value %(value)s for %(date)s is saved.")
                % {
                    "value": measure(data["value"]),
                    "date": date_format(data["measured_on"], "j F Y"),
                },
            )
            return redirect(_values_url(indicator))
    return render(
        request,
        "goals/manage/indicator_values.html",
        {
            "goal": indicator.goal,
            "indicator": indicator,
            "measurements": list(indicator.measurements.order_by("-measured_on")),
            "form": form,
            "breadcrumbs": _breadcrumbs(indicator.goal),
        },
    )


def _measurement(request, slug, pk, measurement_pk) -> Measurement:
    indicator = _indicator(request, slug, pk)
    measurement = get_object_or_404(Measurement, pk=measurement_pk, indicator=indicator)
    measurement.indicator = indicator
    return measurement


@login_required
def measurement_edit(request, slug, pk, measurement_pk):
    measurement = _measurement(request, slug, pk, measurement_pk)
    indicator = measurement.indicator
    form = MeasurementEditForm(request.POST or None, instance=measurement)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_measurement(
                by=request.user,
                measurement=measurement,
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_values_url(indicator))
    return render(
        request,
        "goals/manage/measurement_form.html",
        {
            "goal": indicator.goal,
            "indicator": indicator,
            "measurement": measurement,
            "form": form,
            "breadcrumbs": [
                *_breadcrumbs(indicator.goal),
                (indicator.name, _values_url(indicator)),
            ],
        },
    )


@login_required
def measurement_delete(request, slug, pk, measurement_pk):
    measurement = _measurement(request, slug, pk, measurement_pk)
    indicator = measurement.indicator
    if confirmed(request):
        services.delete_measurement(by=request.user, measurement=measurement)
        messages.success(request, _("The value is removed."))
        return redirect(_values_url(indicator))
    return confirmation(
        request,
        title=_("Remove the value?"),
        breadcrumbs=[*_breadcrumbs(indicator.goal), (indicator.name, _values_url(indicator))],
        rows=[
            (_("Indicator"), indicator.name),
            (_("Date"), date_format(measurement.measured_on, "j F Y")),
            (_("Value"), f"{measure(measurement.value)} {indicator.unit}"),
        ],
        consequences=[
            _("The value disappears from the goal's chart and table."),
            _("This cannot be undone. The audit log keeps a record of the removal."),
        ],
        button=_("Remove the value"),
        cancel=_values_url(indicator),
        danger=True,
    )


# -- import ---------------------------------------------------------------------------------------


@login_required
def import_upload(request, slug):
    """Upload, and on a clean file the check page: every value the import will store, and
    the button that stores them. Nothing is stored before that button."""
    goal = _goal(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            checked = imports.check_file(goal, form.cleaned_data["file"])
        except FileHasErrors as error:
            form.add_error("file", error.message)
            row_errors = error.errors
        except InvalidInput as error:
            add_domain_error(form, error)
        else:
            return render(
                request,
                "goals/manage/import_check.html",
                {
                    "goal": goal,
                    "checked": checked,
                    "token": imports.sign(checked, goal=goal, user=request.user),
                    "breadcrumbs": _breadcrumbs(goal),
                },
            )
    return render(
        request,
        "goals/manage/import_upload.html",
        {
            "goal": goal,
            "form": form,
            "row_errors": row_errors,
            "columns": imports.TEMPLATE_COLUMNS,
            "indicators": list(goal.indicators.all()),
            "max_rows": imports.MAX_IMPORT_ROWS,
            "breadcrumbs": _breadcrumbs(goal),
        },
    )


@login_required
@require_POST
def import_confirm(request, slug):
    goal = _goal(request, slug)
    upload_url = reverse("goals_manage:import", kwargs={"slug": goal.slug})
    try:
        checked = imports.unsign(request.POST.get("token", ""), goal=goal, user=request.user)
        count = services.import_measurements(by=request.user, goal=goal, rows=checked.rows)
    except FORM_ERRORS as error:
        messages.error(request, str(error))
        return redirect(upload_url)
    messages.success(
        request,
        ngettext(
            "%(count)d value is imported. The goal's chart and table show it now.",
            "%(count)d values are imported. The goal's chart and table show them now.",
            count,
        )
        % {"count": count},
    )
    return redirect(_goal_url(goal))


@login_required
def import_template(request, slug, kind):
    goal = _goal(request, slug)
    if kind == "xlsx":
        response = HttpResponse(
            imports.template_xlsx(goal),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="matvarden-{goal.slug}.{kind}"'
    return response


# -- links ----------------------------------------------------------------------------------------


@login_required
def links(request, slug):
    goal = _goal(request, slug)
    form = RoundsForm(
        request.POST or None, initial={"rounds": list(goal.rounds.values_list("pk", flat=True))}
    )
    if request.method == "POST" and form.is_valid():
        services.link_rounds(by=request.user, goal=goal, rounds=list(form.cleaned_data["rounds"]))
        messages.success(request, _("The rounds the goal serves are saved."))
        return redirect(reverse("goals_manage:links", kwargs={"slug": goal.slug}))
    return render(
        request,
        "goals/manage/links.html",
        {
            "goal": goal,
            "form": form,
            "proposals": list(goal.proposals.select_related("budget_round").order_by("title")),
            "projects": list(goal.projects.select_related("budget_round").order_by("title")),
            "breadcrumbs": _breadcrumbs(goal),
        },
    )


PICKERS = {
    "proposals": (
        queries.proposals_to_pick,
        gettext_lazy("Proposals the goal serves"),
        gettext_lazy(
            "%(count)d proposals match. The first %(shown)d are shown: narrow the search."
        ),
    ),
    "projects": (
        queries.projects_to_pick,
        gettext_lazy("Projects the goal serves"),
        gettext_lazy("%(count)d projects match. The first %(shown)d are shown: narrow the search."),
    ),
}


@login_required
def pick(request, slug, field):
    """Choose proposals or projects among hundreds: a GET form narrows them by round and by
    words in the title; the checkboxes of those shown are saved, the others left as they are."""
    goal = _goal(request, slug)
    find, title, too_many = PICKERS[field]
    filters = PickFilterForm(request.GET or None)
    shown, total = find(goal, **filters.filters())
    if request.method == "POST":
        by_pk = {obj.pk: obj for obj in shown}
        chosen_ids = {int(v) for v in request.POST.getlist("chosen") if v.isdigit()}
        try:
            added, removed = services.link_among(
                by=request.user,
                goal=goal,
                field=field,
                shown=shown,
                chosen=[by_pk[pk] for pk in chosen_ids if pk in by_pk],
            )
        except FORM_ERRORS as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Saved: %(added)d linked, %(removed)d no longer linked.")
                % {"added": added, "removed": removed},
            )
        return redirect(request.get_full_path())
    return render(
        request,
        "goals/manage/pick.html",
        {
            "goal": goal,
            "field": field,
            "title": title,
            "filters": filters,
            "shown": shown,
            "total": total,
            "too_many": too_many % {"count": total, "shown": len(shown)}
            if total > len(shown)
            else "",
            "breadcrumbs": [
                *_breadcrumbs(goal),
                (_("Links"), reverse("goals_manage:links", kwargs={"slug": goal.slug})),
            ],
        },
    )


@login_required
@require_POST
def link_projects_of_proposals(request, slug):
    goal = _goal(request, slug)
    count = services.link_projects_of_proposals(by=request.user, goal=goal)
    messages.success(
        request,
        ngettext(
            "%(count)d project of the goal's proposals is linked.",
            "%(count)d projects of the goal's proposals are linked.",
            count,
        )
        % {"count": count},
    )
    return redirect(reverse("goals_manage:links", kwargs={"slug": goal.slug}))
