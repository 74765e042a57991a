"""The public calendar and meeting pages, and registering, confirming and cancelling through
the links sent by e-mail. Every page works without JavaScript."""

import json
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_ratelimit.core import is_ratelimited

from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS, DomainError
from delaktig.core.forms import add_domain_error
from delaktig.core.markdown import render_markdown

from . import ics, queries, services
from .forms import CalendarFilterForm, RegistrationForm
from .models import ACTIVE, Invitation, Meeting, Registration, RegistrationStatus
from .tokens import invitation_id, registration_id, registration_token

PER_PAGE = 20
# The registration form sends an e-mail to the address typed in: a few an hour from one
# address is plenty for a household, too few to mail strangers in bulk.
REGISTER_RATE = "10/h"
REGISTER_RATE_GROUP = "meetings.register"


def _filters(request) -> tuple[CalendarFilterForm, queries.Filters, str]:
    form = CalendarFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = queries.Filters(
            district_id=data["omrade"].pk if data.get("omrade") else None,
            kind=data.get("typ") or "",
            target_group=data.get("for_vem") or "",
        )
        query = urlencode(
            {k: request.GET[k] for k in ("omrade", "typ", "for_vem") if request.GET.get(k)}
        )
        return form, filters, query
    return CalendarFilterForm(), queries.Filters(), ""


# The rendered list of meetings is kept a short while, under a key that changes with any change
# to a meeting (queries.calendar_version): a hit costs two small queries and no rendering of
# the cards, however many meetings there are (bench/meetings.py).
FRAGMENT_SECONDS = 120


def _fragment(request, key: str, template: str, context) -> str:
    """The HTML of `template`, from the cache when this version of the calendar has it;
    `context` is a function, called only on a miss."""
    key = f"meetings:{key}:{get_language()}:{queries.calendar_version()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, context(), request)
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by our own template, autoescaped


def calendar_list(request):
    form, filters, query = _filters(request)
    show_past = request.GET.get("nar") == "tidigare"
    number = request.GET.get("sida") or "1"

    def context():
        meetings = queries.past(filters) if show_past else queries.upcoming(filters)
        page = Paginator(meetings, PER_PAGE).get_page(number)
        return {"page": page, "query": query, "show_past": show_past}

    key = f"list:{show_past}:{query}:{number[:8]}:{timezone.localdate()}"
    return render(
        request,
        "meetings/calendar.html",
        {
            "form": form,
            "query": query,
            "show_past": show_past,
            "meetings": _fragment(request, key, "meetings/_list_page.html", context),
        },
    )


def month_redirect(request):
    today = timezone.localdate()
    url = reverse("meetings:month", kwargs={"year": today.year, "month": today.month})
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


def _neighbour(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def month_view(request, year: int, month: int):
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        raise Http404
    form, filters, query = _filters(request)
    prev_year, prev_month = _neighbour(year, month, -1)
    next_year, next_month = _neighbour(year, month, 1)
    today = timezone.localdate()

    def context():
        return {"days": queries.month(filters, year, month), "today": today}

    key = f"month:{year}-{month}:{query}:{today}"
    return render(
        request,
        "meetings/month.html",
        {
            "form": form,
            "query": query,
            "month_start": date(year, month, 1),
            "days": _fragment(request, key, "meetings/_month_days.html", context),
            "previous": (prev_year, prev_month),
            "next": (next_year, next_month),
        },
    )


# Calendar apps fetch the feed every few hours; building 500 events takes a while, so the file
# is kept for five minutes (a change shows in a subscribed calendar at most that much later).
FEED_SECONDS = 300


def feed(request):
    def build():
        name = _("Meetings – %(site)s") % {"site": settings.SITE_NAME}
        return ics.calendar_bytes(queries.feed(), name=name)

    body = cache.get_or_set(f"meetings:feed:{get_language()}", build, FEED_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="moten.ics"'
    return response


def meeting_ics(request, slug):
    meeting = queries.get_meeting_for(request.user, slug)
    response = HttpResponse(
        ics.calendar_bytes([meeting], name=meeting.title),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    return response


def _json_ld(request, meeting: Meeting) -> str:
    """schema.org Event data. A `<script type="application/ld+json">` is a data block, not a
    script: browsers do not run it, so the strict CSP (script-src 'self') does not apply.
    `<`, `>` and `&` are escaped, so no text can end the element."""
    url = request.build_absolute_uri(reverse("meetings:detail", kwargs={"slug": meeting.slug}))
    if meeting.place:
        location = {
            "@type": "Place",
            "name": meeting.place,
            "address": meeting.address or meeting.place,
        }
        mode = "https://schema.org/OfflineEventAttendanceMode"
    else:
        location = {"@type": "VirtualLocation", "url": url}
        mode = "https://schema.org/OnlineEventAttendanceMode"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.title,
        "description": meeting.description,
        "startDate": timezone.localtime(meeting.starts_at).isoformat(),
        "endDate": timezone.localtime(meeting.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if meeting.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": mode,
        "location": location,
        "url": url,
        "inLanguage": meeting.language.split("_")[0],
        "isAccessibleForFree": True,
        "maximumAttendeeCapacity": meeting.capacity,
        "organizer": {"@type": "Organization", "name": settings.MUNICIPALITY_NAME},
    }
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(  # noqa: S308 - escaped just above: nothing can close the element
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


def _notes_html(text: str):
    """The notes, sanitised (core.markdown), under the page's h2 and h3: `#` is an h4."""
    lines = ("##" + line if line.startswith("#") else line for line in text.splitlines())
    return render_markdown("\n".join(lines), shift_headings=False)


def _own_registration(request, meeting):
    if not request.user.is_authenticated:
        return None
    return meeting.registrations.filter(user=request.user, status__in=ACTIVE).first()


def detail(request, slug):
    meeting = queries.get_meeting_for(request.user, slug)
    mine = _own_registration(request, meeting)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "json_ld": _json_ld(request, meeting),
            "full": services.is_full(meeting),
            "can_register": meeting.is_published and not meeting.has_started(),
            "mine": mine,
            "mine_token": registration_token(mine) if mine else None,
            "notes": _notes_html(meeting.notes) if meeting.notes_published_at else "",
            "key_points": list(meeting.key_points.all()) if meeting.notes_published_at else [],
            "photos": list(meeting.photos.all()) if meeting.notes_published_at else [],
        },
    )


def _invitation(request, meeting) -> Invitation | None:
    token = request.POST.get("inbjudan") or request.GET.get("inbjudan") or ""
    pk = invitation_id(token) if token else None
    if pk is None:
        return None
    return Invitation.objects.filter(pk=pk, meeting=meeting).first()


def register(request, slug):
    meeting = queries.get_meeting_for(request.user, slug)
    invitation = _invitation(request, meeting)
    full = services.is_full(meeting)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.full_name, "email": request.user.email}
    form = RegistrationForm(request.POST or None, initial=initial, full=full)
    service_error = None
    # Refusals that do not depend on the form are said at once, on the page itself.
    try:
        services.check_can_register(meeting=meeting, invitation=invitation)
    except DomainError as error:
        service_error = error.message
        form = None
    status = 200
    if (
        form is not None
        and request.method == "POST"
        and is_ratelimited(
            request,
            group=REGISTER_RATE_GROUP,
            key="ip",
            rate=REGISTER_RATE,
            method="POST",
            increment=True,
        )
    ):
        form.is_valid()
        form.add_error(
            None,
            _("Many forms have been sent from here in a short time. Wait an hour and try again."),
        )
        status = 429
    elif form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register(
                by=request.user,
                meeting=meeting,
                name=data["name"],
                email=data["email"],
                needs=data["needs"],
                invitation=invitation,
                waiting_ok=data["waiting_ok"],
            )
        except FORM_ERRORS as error:
            if error.field == "waiting_ok":
                form = RegistrationForm(request.POST, initial=initial, full=True)
                form.is_valid()
            add_domain_error(form, error)
        else:
            if registration.status == RegistrationStatus.PENDING:
                return redirect("meetings:sent", slug=meeting.slug)
            token = registration_token(registration)
            return redirect("meetings:registration", token=token)
    return render(
        request,
        "meetings/register.html",
        {
            "meeting": meeting,
            "form": form,
            "full": full,
            "invitation": invitation,
            "invitation_token": request.GET.get("inbjudan") or request.POST.get("inbjudan", ""),
            "service_error": service_error,
        },
        status=status,
    )


def sent(request, slug):
    meeting = queries.get_meeting_for(request.user, slug)
    return render(request, "meetings/sent.html", {"meeting": meeting})


BAD_LINK = _lazy("The link is not valid. Copy the whole link from the e-mail, or register again.")


def _registration(token: str) -> Registration | None:
    """The registration of a link, None for a link that was changed or made up; 404 once the
    retention purge has emptied it."""
    pk = registration_id(token)
    if pk is None:
        return None
    registration = get_object_or_404(Registration.objects.select_related("meeting"), pk=pk)
    if not registration.email:
        raise Http404
    return registration


def _bad_link(request):
    return render(request, "meetings/bad_link.html", {"message": BAD_LINK}, status=400)


def registration(request, token):
    reg = _registration(token)
    if reg is None:
        return _bad_link(request)
    meeting = reg.meeting
    return render(
        request,
        "meetings/registration.html",
        {
            "registration": reg,
            "meeting": meeting,
            "token": token,
            "show_link": reg.status == RegistrationStatus.REGISTERED
            and not meeting.is_cancelled
            and meeting.digital_link_open(),
            "position": _waiting_position(reg),
            "can_cancel": reg.status in ACTIVE and not meeting.has_started(),
        },
    )


def _waiting_position(reg: Registration) -> int | None:
    if reg.status != RegistrationStatus.WAITING:
        return None
    return (
        reg.meeting.registrations.filter(
            status=RegistrationStatus.WAITING, confirmed_at__lt=reg.confirmed_at
        ).count()
        + 1
    )


def confirm(request, token):
    if request.method != "POST":
        return redirect("meetings:registration", token=token)
    reg = _registration(token)
    if reg is None:
        return _bad_link(request)
    try:
        reg = services.confirm(registration_id=reg.pk)
    except FORM_ERRORS as error:
        messages.error(request, error.message)
    else:
        if reg.status == RegistrationStatus.REGISTERED:
            messages.success(request, _("Your registration is confirmed. You have a place."))
        elif reg.status == RegistrationStatus.WAITING:
            messages.success(
                request,
                _(
                    "Your registration is confirmed. The meeting is full: you are on the "
                    "waiting list."
                ),
            )
    return redirect("meetings:registration", token=token)


def cancel(request, token):
    reg = _registration(token)
    if reg is None:
        return _bad_link(request)
    back = reverse("meetings:registration", kwargs={"token": token})
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Cancel your registration?"),
            breadcrumbs=[
                (_("Meetings"), reverse("meetings:calendar")),
                (reg.meeting.title, reverse("meetings:detail", kwargs={"slug": reg.meeting.slug})),
            ],
            rows=[(_("Meeting"), reg.meeting.title), (_("Name"), reg.name)],
            consequences=[
                _("Your place goes to the first person on the waiting list, if there is one."),
                _("To come after all, you must register again."),
            ],
            button=_("Cancel my registration"),
            cancel=back,
            danger=True,
        )
    try:
        services.cancel_registration(registration_id=reg.pk)
    except FORM_ERRORS as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Your registration is cancelled. We have sent you an e-mail about it.")
        )
    return redirect(back)
