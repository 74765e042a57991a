"""Officials keep the register: the queue of confirmed applications (approve, or reject with a
reason), an entry's page (remove the contact person, take the entry off the register, its
invitations), invitations to a dialogue or round, import from a file and export as CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS, InvalidInput
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import require
from delaktig.eligibility.tables import FileHasErrors

from . import imports, queries, services
from .forms import ImportForm, InviteFilterForm, RejectForm, SearchForm
from .models import Application, ApplicationKind, ApplicationStatus, Association, Category

PERMISSION = "associations.manage_register"


def _posted(request):
    """The POST data for a POST (an empty one too: it is a form sent empty), else None."""
    return request.POST if request.method == "POST" else None


def _official(request):
    require(PERMISSION, request.user)


def _home_url():
    return reverse("associations_manage:home")


def _breadcrumbs(*more):
    return [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (_("Association register"), _home_url()),
        *more,
    ]


@login_required
def home(request):
    _official(request)
    districts = queries.districts()
    form = SearchForm(request.GET or None, districts=districts)
    filters = form.filters() if request.GET else {}
    found = Association.objects.search(**filters).select_related("district")
    page = Paginator(found, 50).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "associations/manage/home.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": queries.register_counts(),
            "waiting": queries.waiting_applications(),
            "invited": queries.invitations_by_process(),
        },
    )


def _application(pk) -> Application:
    return get_object_or_404(
        Application.objects.select_related("association__district", "district"),
        pk=pk,
        status__in=[
            ApplicationStatus.WAITING,
            ApplicationStatus.APPROVED,
            ApplicationStatus.REJECTED,
        ],
    )


def _changes(application) -> list[tuple[str, str, str]]:
    """(field label, now, asked for) for every field an update would change."""
    entry = services.entry_of(application.association)
    asked = services.EntryData(
        name=application.name,
        category=application.category,
        district_id=application.district_id,
        description=application.description,
        website=application.website,
        contact_email=application.contact_email,
        contact_name=application.contact_name,
        contact_consent=application.contact_consent,
    )
    labels = {
        "name": _("Name"),
        "category": _("Category"),
        "district_id": _("Area"),
        "description": _("Description"),
        "website": _("Website"),
        "contact_email": _("Public contact e-mail address"),
        "contact_name": _("Contact person"),
        "contact_consent": _("Consent to be named"),
    }
    categories = dict(Category.choices)
    districts = {d.pk: d.name for d in queries.districts()}

    def shown(key, value):
        if key == "category":
            return str(categories.get(value, value))
        if key == "district_id":
            return districts.get(value, _("The whole municipality"))
        if key == "contact_consent":
            return _("Yes") if value else _("No")
        return value or "–"

    return [
        (label, shown(key, getattr(entry, key)), shown(key, getattr(asked, key)))
        for key, label in labels.items()
        if getattr(entry, key) != getattr(asked, key)
    ]


@login_required
@never_cache
def application(request, pk):
    _official(request)
    item = _application(pk)
    return render(
        request,
        "associations/manage/application.html",
        {
            "application": item,
            "changes": _changes(item) if item.kind == ApplicationKind.UPDATE else None,
            "reject_form": RejectForm(),
            "breadcrumbs": _breadcrumbs(),
        },
    )


@login_required
def approve(request, pk):
    _official(request)
    item = _application(pk)
    url = reverse("associations_manage:application", kwargs={"pk": item.pk})
    if confirmed(request):
        try:
            association = services.approve(by=request.user, application=item)
        except FORM_ERRORS as error:
            messages.error(request, str(error))
            return redirect(url)
        messages.success(
            request,
            _("“%(name)s” is in the register. The applicant is told by e-mail.")
            % {"name": association.name},
        )
        return redirect(_home_url())
    if item.kind == ApplicationKind.UPDATE:
        consequences = [
            _("The entry changes as the association asked; everyone sees it at once."),
            _("The applicant is told by e-mail."),
        ]
    else:
        consequences = [
            _("The association is listed in the public register at once."),
            _("The applicant is told by e-mail."),
        ]
    return confirmation(
        request,
        title=_("Approve “%(name)s”?") % {"name": item.name},
        breadcrumbs=_breadcrumbs((item.name, url)),
        consequences=consequences,
        button=_("Approve"),
        cancel=url,
        rows=[(_("Kind"), item.get_kind_display()), (_("Name"), item.name)],
    )


@login_required
@never_cache
def reject(request, pk):
    _official(request)
    item = _application(pk)
    form = RejectForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.reject(by=request.user, application=item, reason=form.cleaned_data["reason"])
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The application is rejected. The applicant is told why by e-mail.")
            )
            return redirect(_home_url())
    return render(
        request,
        "associations/manage/application.html",
        {
            "application": item,
            "changes": _changes(item) if item.kind == ApplicationKind.UPDATE else None,
            "reject_form": form,
            "breadcrumbs": _breadcrumbs(),
        },
    )


def _association(pk) -> Association:
    return get_object_or_404(Association.objects.select_related("district"), pk=pk)


@login_required
def association(request, pk):
    _official(request)
    item = _association(pk)
    return render(
        request,
        "associations/manage/association.html",
        {
            "association": item,
            "invitations": queries.invitations_of(item),
            "breadcrumbs": _breadcrumbs(),
        },
    )


@login_required
def remove_contact(request, pk):
    _official(request)
    item = _association(pk)
    url = reverse("associations_manage:association", kwargs={"pk": item.pk})
    if confirmed(request):
        services.remove_contact(by=request.user, association=item)
        messages.success(request, _("The contact person is removed."))
        return redirect(url)
    return confirmation(
        request,
        title=_("Remove the contact person of “%(name)s”?") % {"name": item.name},
        breadcrumbs=_breadcrumbs((item.name, url)),
        consequences=[
            _(
                "The name and the contact e-mail address are deleted from the entry and from "
                "the association's applications."
            ),
            _(
                "This cannot be undone. The association can give a new contact by applying for "
                "a change."
            ),
        ],
        button=_("Remove the contact person"),
        cancel=url,
        danger=True,
    )


@login_required
def delist(request, pk):
    _official(request)
    item = _association(pk)
    url = reverse("associations_manage:association", kwargs={"pk": item.pk})
    if confirmed(request):
        try:
            services.delist(by=request.user, association=item)
        except FORM_ERRORS as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The association is removed from the public register."))
        return redirect(url)
    return confirmation(
        request,
        title=_("Remove “%(name)s” from the register?") % {"name": item.name},
        breadcrumbs=_breadcrumbs((item.name, url)),
        consequences=[
            _("The association's page is no longer public, and it is not invited again.")
        ],
        button=_("Remove from the register"),
        cancel=url,
        danger=True,
    )


@login_required
@never_cache
def invite(request):
    """Choose a process and the associations by category and area; the list is shown, then the
    confirmation page, then the invitations are queued."""
    _official(request)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = InviteFilterForm(data, processes=queries.invitable_processes())
    chosen = None
    if form.is_bound and form.is_valid():
        chosen = list(
            queries.for_invitation(
                categories=form.cleaned_data["categories"], districts=form.cleaned_data["districts"]
            )
        )
        process = form.cleaned_data["process"]
        if confirmed(request):
            try:
                outcome = services.invite(
                    by=request.user,
                    process=process,
                    associations=chosen,
                    message=form.cleaned_data["message"],
                )
            except FORM_ERRORS as error:
                add_domain_error(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d association is invited. The e-mail goes out in a few minutes.",
                        "%(count)d associations are invited. The e-mail goes out in a few minutes.",
                        len(outcome.invited),
                    )
                    % {"count": len(outcome.invited)},
                )
                return redirect(_home_url())
        elif request.method == "POST":
            taken = queries.invited_to(process, chosen)
            with_address = [a for a in chosen if a.contact_email and a.pk not in taken]
            return render(
                request,
                "associations/manage/invite_confirm.html",
                {
                    "title": _("Invite %(count)d associations to “%(name)s”?")
                    % {"count": len(with_address), "name": process.name},
                    "breadcrumbs": _breadcrumbs((_("Invite associations"), request.path)),
                    "with_address": with_address,
                    "process": process,
                    "categories": form.cleaned_data["categories"],
                    "districts": form.cleaned_data["districts"],
                    "message": form.cleaned_data["message"],
                },
            )
    taken = queries.invited_to(form.cleaned_data["process"], chosen) if chosen else set()
    return render(
        request,
        "associations/manage/invite.html",
        {"form": form, "chosen": chosen, "taken": taken, "breadcrumbs": _breadcrumbs()},
    )


@login_required
@never_cache
def import_file(request):
    _official(request)
    form = ImportForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and "rows" in request.POST:
        try:
            rows = imports.unsign_rows(request.POST["rows"])
            count = services.import_rows(by=request.user, rows=rows)
        except FORM_ERRORS as error:
            messages.error(request, str(error))
            return redirect(reverse("associations_manage:import"))
        messages.success(
            request,
            ngettext(
                "%(count)d association is imported.", "%(count)d associations are imported.", count
            )
            % {"count": count},
        )
        return redirect(_home_url())
    row_errors, rows = [], None
    if request.method == "POST" and form.is_valid():
        try:
            rows = imports.check_file(form.cleaned_data["file"])
        except FileHasErrors as error:
            form.add_error("file", error.message)
            row_errors = error.errors
        except InvalidInput as error:
            form.add_error("file", error.message)
    if rows:
        districts = {d.pk: d.name for d in queries.districts()}
        categories = dict(Category.choices)
        return render(
            request,
            "associations/manage/import_preview.html",
            {
                "rows": [
                    (
                        r,
                        categories.get(r.category),
                        districts.get(r.district_id, _("The whole municipality")),
                    )
                    for r in rows
                ],
                "token": imports.sign_rows(rows),
                "breadcrumbs": _breadcrumbs((_("Import a register"), request.path)),
            },
        )
    return render(
        request,
        "associations/manage/import.html",
        {"form": form, "row_errors": row_errors, "breadcrumbs": _breadcrumbs()},
    )


@login_required
def export(request):
    _official(request)
    response = StreamingHttpResponse(
        imports.export_lines(Association.objects.all()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{imports.export_name()}"'
    return response
