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

from . import services, setup, worklist
from .forms import AreaFormSet, CategoriesForm, OfficialsForm, RoundForm, ScheduleForm
from .models import BudgetRound
from .queries import get_round_for


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
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        budget_round = services.create_round(by=request.user, data=form.cleaned_data)
        messages.success(request, _("The round is created as a draft. Add areas and dates next."))
        return redirect("processes_manage:round_manage", slug=budget_round.slug)
    return render(request, "processes/manage/budgetround_form.html", {"form": form})


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
        {"form": form, "round": budget_round},
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
        {"form": form, "round": budget_round},
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
    if not confirmed(request):
        rows = [(_("Round"), budget_round.name)]
        if first := next(iter(budget_round.phases_in_order()), None):
            when = date_format(first.starts_at, "j F Y H:i")
            rows.append((_("First phase"), f"{first.get_kind_display()}: {when}"))
        return confirmation(
            request,
            title=_("Publish the round?"),
            breadcrumbs=[
                (_("Manage"), reverse("processes_manage:dashboard")),
                (budget_round.name, manage_url),
            ],
            rows=rows,
            consequences=[
                _("Everyone can see the round, its areas, money and timetable."),
                _("Residents can take part in each phase from its start date."),
                _("You cannot make it a draft again."),
            ],
            button=_("Yes, publish the round"),
            cancel=manage_url,
        )
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
            ),
        )
    return redirect(manage_url)


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
