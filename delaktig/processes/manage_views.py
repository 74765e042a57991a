from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import DomainError
from delaktig.core.permissions import require

from . import components, services, setup, worklist
from . import phases as phase_registry
from .forms import AreaFormSet, CategoriesForm, OfficialsForm, RoundForm, ScheduleForm
from .models import BudgetRound
from .queries import get_round_for

# The create page's ?typ= (Swedish, as the addresses are) and the kind it makes.
KIND_PARAMS = {"budget": components.BUDGET, "dialog": components.DIALOGUE}


def _official_round(request, slug):
    return get_round_for(request.user, slug, "processes.change_budgetround")


@login_required
def dashboard(request):
    require("processes.enter_manage", request.user)
    rounds = BudgetRound.objects.prefetch_related("phases", "officials")
    if not request.user.is_superuser and request.user.is_official:
        # A case officer's own rounds, and those nobody is assigned to yet.
        rounds = rounds.filter(Q(officials=request.user) | Q(officials__isnull=True)).distinct()
    elif not request.user.is_superuser:
        # A moderator moderates what the public can see: drafts are the officials' business.
        rounds = rounds.published()
    rounds = list(rounds)
    for budget_round in rounds:
        # Each role's own page of the round: no link on this page answers 403 (issue 11).
        if request.user.has_perm("processes.change_budgetround", budget_round):
            budget_round.manage_url = reverse(
                "processes_manage:round_manage", kwargs={"slug": budget_round.slug}
            )
        elif request.user.has_perm("proposals.moderate", budget_round):
            budget_round.manage_url = reverse(
                "proposals_manage:moderation", kwargs={"slug": budget_round.slug}
            )
        else:
            budget_round.manage_url = None
    # What waits for this person, round by round (processes.worklist; issue 11).
    work = [(r, tasks) for r in rounds if (tasks := worklist.tasks_for(request.user, r))]
    return render(request, "processes/manage/dashboard.html", {"rounds": rounds, "work": work})


@login_required
def round_create(request):
    require("processes.add_budgetround", request.user)
    # ?typ=dialog: a dialogue, never asked for money (the dashboard links both kinds).
    kind = KIND_PARAMS.get(request.GET.get("typ", ""))
    form = RoundForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        budget_round = services.create_round(by=request.user, data=form.cleaned_data)
        if budget_round.has_money:
            messages.success(
                request, _("The round is created as a draft. Add areas and dates next.")
            )
        else:
            messages.success(
                request,
                _("The dialogue is created as a draft. Follow the steps below to publish it."),
            )
        return redirect("processes_manage:round_manage", slug=budget_round.slug)
    dialogue = kind == components.DIALOGUE
    return render(
        request,
        "processes/manage/budgetround_form.html",
        {
            "form": form,
            "title": _("Create a dialogue") if dialogue else _("Create a budget round"),
            "submit": _("Create the dialogue") if dialogue else _("Create the round"),
        },
    )


@login_required
def round_manage(request, slug):
    budget_round = _official_round(request, slug)
    return render(
        request,
        "processes/manage/budgetround_manage.html",
        {
            "round": budget_round,
            "areas": budget_round.areas.select_related("district"),
            "money_locked": services.money_locked(budget_round),
            "officials": budget_round.officials.order_by("full_name"),
            "can_moderate": request.user.has_perm("proposals.moderate", budget_round),
            "can_assign": request.user.has_perm("processes.assign_officials", budget_round),
            "steps": setup.steps(budget_round),
        },
    )


def _apply(request, form_ok, action, template, context):
    """Run a service after the form validated; show a domain error as a form error."""
    if request.method == "POST" and form_ok:
        try:
            action()
        except DomainError as error:
            context["service_error"] = str(error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("processes_manage:round_manage", slug=context["round"].slug)
    return render(request, template, context)


@login_required
def round_edit(request, slug):
    budget_round = _official_round(request, slug)
    form = RoundForm(request.POST or None, instance=budget_round)
    ok = request.method == "POST" and form.is_valid()
    if ok:
        budget_round.refresh_from_db()
    return _apply(
        request,
        ok,
        lambda: services.update_round(
            by=request.user, budget_round=budget_round, data=form.cleaned_data
        ),
        "processes/manage/budgetround_form.html",
        {
            "form": form,
            "round": budget_round,
            "title": _("Edit the round") if budget_round.has_money else _("Edit the dialogue"),
        },
    )


@login_required
def areas_edit(request, slug):
    budget_round = _official_round(request, slug)
    initial = [
        {"pk": a.pk, "name": a.name, "budget": a.budget, "district": a.district_id}
        for a in budget_round.areas.all()
    ]
    formset = AreaFormSet(request.POST or None, initial=initial, prefix="areas")
    ok = request.method == "POST" and formset.is_valid()

    def save():
        rows = [
            services.AreaData(
                name=f["name"],
                budget=f["budget"] or 0,
                district_id=f["district"].pk if f.get("district") else None,
                pk=f.get("pk"),
                delete=bool(f.get("delete")),
            )
            for f in formset.cleaned_data
            if f.get("name") or f.get("pk")
        ]
        services.save_areas(by=request.user, budget_round=budget_round, areas=rows)

    return _apply(
        request,
        ok,
        save,
        "processes/manage/areas_form.html",
        {
            "formset": formset,
            "round": budget_round,
            "money_locked": services.money_locked(budget_round),
        },
    )


@login_required
def schedule_edit(request, slug):
    budget_round = _official_round(request, slug)
    form = ScheduleForm(
        request.POST or None,
        initial=ScheduleForm.initial_for(budget_round),
        budget_round=budget_round,
    )
    ok = request.method == "POST" and form.is_valid()
    return _apply(
        request,
        ok,
        lambda: services.set_schedule(
            by=request.user, budget_round=budget_round, schedule=form.schedule()
        ),
        "processes/manage/schedule_form.html",
        {
            "form": form,
            "round": budget_round,
            "required_phases": [
                phase_registry.label(k) for k in budget_round.kind_spec.required_phases()
            ],
        },
    )


@login_required
def categories_edit(request, slug):
    budget_round = _official_round(request, slug)
    initial = {"names": "\n".join(c.name for c in budget_round.categories.all())}
    form = CategoriesForm(request.POST or None, initial=initial)
    ok = request.method == "POST" and form.is_valid()
    return _apply(
        request,
        ok,
        lambda: services.save_categories(
            by=request.user,
            budget_round=budget_round,
            names=form.cleaned_data["names"].splitlines(),
        ),
        "processes/manage/categories_form.html",
        {"form": form, "round": budget_round},
    )


@login_required
def round_publish(request, slug):
    """Check before you act: the page says who will see the round and that it cannot become a
    draft again; the POST of its button publishes."""
    budget_round = _official_round(request, slug)
    manage_url = reverse("processes_manage:round_manage", kwargs={"slug": slug})
    if budget_round.is_published:
        return redirect(manage_url)
    problems = budget_round.publish_problems()
    if problems:
        # Nothing to confirm yet: the manage page's task list shows what is missing.
        messages.error(request, " ".join(str(p) for p in problems))
        return redirect(manage_url)
    if not confirmed(request):
        return _publish_confirmation(request, budget_round, manage_url)
    try:
        services.publish_round(by=request.user, budget_round=budget_round)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "The round is published. Everyone can now see it. What happens next: each phase "
                "opens by itself on its start date in the timetable."
            )
            if budget_round.has_money
            else _(
                "The dialogue is published. Everyone can now find it in the overview of ways "
                "to take part. Each phase opens by itself on its start date in the timetable."
            ),
        )
    return redirect(manage_url)


def _publish_confirmation(request, budget_round, manage_url):
    money = budget_round.has_money
    rows = [(_("Round") if money else _("Dialogue"), budget_round.name)]
    if budget_round.informs_decision:
        rows.append((_("The decision it informs"), budget_round.decision_sentence()))
    if first := next(iter(budget_round.phases_in_order()), None):
        when = date_format(first.starts_at, "j F Y H:i")
        rows.append((_("First phase"), f"{first.get_kind_display()}: {when}"))
    if money:
        consequences = [
            _("Everyone can see the round, its areas, money and timetable."),
            _("Residents can take part in each phase from its start date."),
            _("You cannot make it a draft again."),
        ]
    else:
        consequences = [
            _("Everyone can see the dialogue, the decision it informs and its timetable."),
            _("Those who may take part can give their views from the start of the open phase."),
            _("You cannot make it a draft again."),
        ]
    return confirmation(
        request,
        title=_("Publish the round?") if money else _("Publish the dialogue?"),
        breadcrumbs=[
            (_("Manage"), reverse("processes_manage:dashboard")),
            (budget_round.name, manage_url),
        ],
        rows=rows,
        consequences=consequences,
        button=_("Yes, publish the round") if money else _("Yes, publish the dialogue"),
        cancel=manage_url,
    )


@login_required
def officials_edit(request, slug):
    """Administrators choose the case officers who act on the round."""
    budget_round = get_round_for(request.user, slug, "processes.assign_officials")
    form = OfficialsForm(
        request.POST or None, initial={"officials": list(budget_round.officials.all())}
    )
    context = {"round": budget_round, "form": form}
    return _apply(
        request,
        request.method == "POST" and form.is_valid(),
        lambda: services.assign_officials(
            by=request.user, budget_round=budget_round, officials=form.cleaned_data["officials"]
        ),
        "processes/manage/officials_form.html",
        context,
    )


@login_required
def open_voting_now(request, slug):
    """ "Öppna omröstningen nu": a page that says what happens (GET), then does it (POST)."""
    budget_round = _official_round(request, slug)
    if budget_round.binding_phase() is None:  # a dialogue: nothing to open early
        return redirect("processes_manage:schedule_edit", slug=slug)
    if request.method == "POST":
        try:
            services.open_binding_phase_now(by=request.user, budget_round=budget_round)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Voting is open. Those who may vote can do so now, until voting closes."),
            )
        return redirect("processes_manage:schedule_edit", slug=slug)
    return render(
        request,
        "processes/manage/open_voting_now.html",
        {"round": budget_round, "phase": budget_round.binding_phase()},
    )
