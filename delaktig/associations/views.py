"""The public register: search, an association's page, the application form (new entry or
change of an entry) confirmed by e-mail, and a contact person's removal on request."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from delaktig.core.errors import FORM_ERRORS
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import why_not

from . import queries, services
from .forms import ApplicationForm, RemovalRequestForm, SearchForm
from .models import Category

# The public forms send e-mail: a few an hour from one address is plenty for an association.
FORM_RATE = "10/h"
FORM_RATE_GROUP = "associations.form"


def _posted(request):
    """The POST data for a POST (an empty one too: it is a form sent empty), else None."""
    return request.POST if request.method == "POST" else None


def register(request):
    districts = queries.districts()
    form = SearchForm(request.GET or None, districts=districts)
    page = queries.register_page(form.filters() if request.GET else {}, request.GET.get("sida"))
    labels = dict(Category.choices)
    page.object_list = list(page.object_list)
    for association in page.object_list:
        association.category_label = labels.get(association.category, "")
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "associations/register.html",
        {"form": form, "page": page, "query": query.urlencode(), "searched": bool(request.GET)},
    )


def detail(request, slug):
    association = queries.association_by_slug(slug)
    # Only a listed entry is public; a pending or removed one is not found.
    if association is None or why_not("associations.view_association", request.user, association):
        raise Http404
    return render(request, "associations/detail.html", {"association": association})


def _too_many(request) -> bool:
    return is_ratelimited(
        request, group=FORM_RATE_GROUP, key="ip", rate=FORM_RATE, method="POST", increment=True
    )


def _entry_data(cleaned) -> services.EntryData:
    district = cleaned.get("district")
    return services.EntryData(
        name=cleaned["name"],
        category=cleaned["category"],
        district_id=district.pk if district else None,
        description=cleaned.get("description", ""),
        website=cleaned.get("website", ""),
        contact_email=cleaned.get("contact_email", ""),
        contact_name=cleaned.get("contact_name", ""),
        contact_consent=cleaned.get("contact_consent", False),
    )


def _application_form(request, association=None):
    initial = {}
    if association is not None:
        entry = services.entry_of(association)
        initial = {
            "name": entry.name,
            "category": entry.category,
            "district": entry.district_id,
            "description": entry.description,
            "website": entry.website,
            "contact_email": entry.contact_email,
            "contact_name": entry.contact_name,
            "contact_consent": entry.contact_consent,
        }
    form = ApplicationForm(_posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        if _too_many(request):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Many forms have been sent from here in a short time. Wait an hour and try "
                    "again."
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                services.apply(
                    data=_entry_data(form.cleaned_data),
                    applicant_email=form.cleaned_data["applicant_email"],
                    association=association,
                )
            except FORM_ERRORS as error:
                add_domain_error(form, error)
            else:
                return redirect(reverse("associations:sent"))
    return render(
        request,
        "associations/apply.html",
        {"form": form, "association": association},
        status=status,
    )


@never_cache
def apply(request):
    return _application_form(request)


@never_cache
def change(request, slug):
    association = queries.listed_association(slug)
    if association is None:
        raise Http404
    return _application_form(request, association)


def sent(request):
    return render(request, "associations/sent.html")


@never_cache
def confirm(request, token):
    """The link from the e-mail. A GET only shows the button (mail scanners follow links);
    the POST confirms."""
    if request.method != "POST":
        return render(request, "associations/confirm.html", {"token": token})
    try:
        application = services.confirm(token=token)
    except FORM_ERRORS as error:
        return render(
            request,
            "associations/confirm.html",
            {"token": token, "problem": str(error)},
            status=400,
        )
    return render(request, "associations/confirmed.html", {"application": application})


@never_cache
def request_removal(request, slug):
    association = queries.listed_association(slug)
    if association is None or not (association.contact_name or association.contact_email):
        raise Http404
    form = RemovalRequestForm(_posted(request))
    status = 200
    if request.method == "POST":
        if _too_many(request):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Many forms have been sent from here in a short time. Wait an hour and try "
                    "again."
                ),
            )
            status = 429
        elif form.is_valid():
            services.request_contact_removal(
                association=association, email=form.cleaned_data["email"]
            )
            return render(request, "associations/removal_sent.html", {"association": association})
    return render(
        request,
        "associations/removal_request.html",
        {"association": association, "form": form},
        status=status,
    )


@never_cache
def remove_contact(request, token):
    if request.method != "POST":
        return render(request, "associations/remove_contact.html", {"token": token})
    try:
        association = services.remove_contact_by_link(token=token)
    except FORM_ERRORS as error:
        return render(
            request,
            "associations/remove_contact.html",
            {"token": token, "problem": str(error)},
            status=400,
        )
    return render(request, "associations/contact_removed.html", {"association": association})
