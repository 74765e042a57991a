"""Officials write the site's pages: the list, a new page, a new version (a draft), preview,
publish (after a confirmation page), take off the site, the history, an old version and
what changed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import require

from . import queries, services
from .forms import NewPageForm, PageForm
from .models import Page

PERMISSION = "pages.edit_pages"


def _posted(request):
    """The POST data for a POST (an empty one too: it is a form sent empty), else None."""
    return request.POST if request.method == "POST" else None


def _page(request, slug) -> Page:
    require(PERMISSION, request.user)
    return get_object_or_404(queries.all_pages(), slug=slug)


def _list_url():
    return reverse("pages_manage:list")


def _page_url(page):
    return reverse("pages_manage:page", kwargs={"slug": page.slug})


def _breadcrumbs(*more):
    return [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (_("The site's pages"), _list_url()),
        *more,
    ]


def _text(cleaned) -> services.PageText:
    return services.PageText(
        **{k: cleaned.get(k, "") for k in services.PageText.__dataclass_fields__}
    )


@login_required
def page_list(request):
    require(PERMISSION, request.user)
    return render(request, "pages/manage/list.html", {"pages": queries.all_pages()})


@login_required
@never_cache
def create(request):
    require(PERMISSION, request.user)
    form = NewPageForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            page = services.create_page(
                by=request.user,
                slug=form.cleaned_data["slug"],
                text=_text(form.cleaned_data),
                in_footer=form.cleaned_data["in_footer"],
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The page is saved as a draft. Publish it when it is ready.")
            )
            return redirect(_page_url(page))
    return render(
        request,
        "pages/manage/edit.html",
        {"form": form, "breadcrumbs": _breadcrumbs()},
    )


@login_required
def page(request, slug):
    found = _page(request, slug)
    return render(
        request,
        "pages/manage/page.html",
        {
            "page": found,
            "versions": queries.history(found),
            "breadcrumbs": _breadcrumbs(),
        },
    )


@login_required
@never_cache
def edit(request, slug):
    found = _page(request, slug)
    latest = found.latest
    initial = {k: getattr(latest, k) for k in services.FIELDS} if latest else {}
    form = PageForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        based_on = request.POST.get("based_on")
        try:
            services.save_version(
                by=request.user,
                page=found,
                text=_text(form.cleaned_data),
                based_on=int(based_on) if based_on and based_on.isdigit() else None,
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The new version is saved as a draft. The public still sees the published "
                    "version until you publish this one."
                ),
            )
            return redirect(_page_url(found))
    return render(
        request,
        "pages/manage/edit.html",
        {
            "form": form,
            "page": found,
            "based_on": latest.number if latest else "",
            "breadcrumbs": _breadcrumbs((str(found), _page_url(found))),
        },
    )


@login_required
def version(request, slug, number):
    found = _page(request, slug)
    shown = queries.version_of(found, number)
    older = found.versions.filter(number__lt=number).order_by("-number").first()
    return render(
        request,
        "pages/manage/version.html",
        {
            "page": found,
            "version": shown,
            "older": older,
            "changes": services.difference(older, shown),
            "breadcrumbs": _breadcrumbs((str(found), _page_url(found))),
        },
    )


@login_required
def publish(request, slug):
    found = _page(request, slug)
    url = _page_url(found)
    if found.latest is None or not found.has_draft:
        messages.error(request, _("There is no new version to publish."))
        return redirect(url)
    if confirmed(request):
        number = request.POST.get("number", "")
        try:
            services.publish(
                by=request.user, page=found, number=int(number) if number.isdigit() else -1
            )
        except FORM_ERRORS as error:
            messages.error(request, str(error))
            return redirect(url)
        messages.success(
            request,
            _("Version %(number)d is published. Everyone sees it now.")
            % {"number": found.latest.number},
        )
        return redirect(url)
    latest = found.latest
    return confirmation(
        request,
        title=_("Publish “%(title)s”?") % {"title": latest.title_sv},
        breadcrumbs=_breadcrumbs((str(found), url)),
        rows=[
            (_("Version"), str(latest.number)),
            (_("Saved by"), latest.created_by.get_full_name() if latest.created_by else "–"),
            (_("What changed"), latest.note or "–"),
            (_("Address"), reverse("pages:page", kwargs={"slug": found.slug})),
        ],
        consequences=[
            _("Everyone can read this version at once, in Swedish and English."),
            _("The earlier versions stay in the history."),
        ],
        button=_("Publish"),
        cancel=url,
        hidden={"number": latest.number},
    )


@login_required
def unpublish(request, slug):
    found = _page(request, slug)
    url = _page_url(found)
    if confirmed(request):
        try:
            services.unpublish(by=request.user, page=found)
        except FORM_ERRORS as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The page is taken off the site."))
        return redirect(url)
    return confirmation(
        request,
        title=_("Take “%(title)s” off the site?") % {"title": str(found)},
        breadcrumbs=_breadcrumbs((str(found), url)),
        consequences=[
            _("Nobody but case officers can read the page until it is published again."),
            _("Links to it lead to “page not found”."),
        ],
        button=_("Take off the site"),
        cancel=url,
        danger=True,
    )
