"""Officials publish meetings, invite associations and people, record who came, and publish
what came out of the meeting (/hantera/moten/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from delaktig.associations.models import Association
from delaktig.core.confirm import confirmation, confirmed
from delaktig.core.errors import FORM_ERRORS
from delaktig.core.forms import add_domain_error
from delaktig.core.permissions import load, require

from . import queries, services
from .forms import (
    AssociationFilterForm,
    CancelMeetingForm,
    InviteAssociationsForm,
    InvitePersonForm,
    MeetingForm,
    NotesForm,
    PhotoForm,
)
from .models import Meeting, Photo, RegistrationStatus


def _meeting(request, slug) -> Meeting:
    return load(
        request.user,
        Meeting.objects.select_related("district", "process"),
        permission="meetings.manage_meeting",
        slug=slug,
    )


def _detail_url(meeting) -> str:
    return reverse("meetings_manage:detail", kwargs={"slug": meeting.slug})


def _crumbs(meeting=None) -> list:
    crumbs = [
        (_("Manage"), reverse("processes_manage:dashboard")),
        (_("Meetings"), reverse("meetings_manage:list")),
    ]
    if meeting is not None:
        crumbs.append((meeting.title, _detail_url(meeting)))
    return crumbs


@login_required
def meeting_list(request):
    require("meetings.add_meeting", request.user)
    now = timezone.now()
    meetings = Meeting.objects.select_related("district", "process").annotate(
        registered=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
    )
    return render(
        request,
        "meetings/manage/list.html",
        {
            "upcoming": list(meetings.filter(ends_at__gte=now).order_by("starts_at", "id")[:200]),
            "past": list(meetings.filter(ends_at__lt=now).order_by("-starts_at", "-id")[:50]),
            "crumbs": _crumbs()[:1],
        },
    )


@login_required
def create(request):
    require("meetings.add_meeting", request.user)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(by=request.user, data=form.cleaned_data)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("The meeting is saved as a draft. Check it, then publish it.")
            )
            return redirect(_detail_url(meeting))
    return render(
        request,
        "meetings/manage/form.html",
        {"form": form, "title": _("New meeting"), "crumbs": _crumbs()},
    )


@login_required
def edit(request, slug):
    meeting = _meeting(request, slug)
    form = MeetingForm(request.POST or None, instance=Meeting.objects.get(pk=meeting.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(by=request.user, meeting=meeting, data=form.cleaned_data)
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(_detail_url(meeting))
    return render(
        request,
        "meetings/manage/form.html",
        {
            "form": form,
            "title": _("Change the meeting"),
            "crumbs": _crumbs(meeting),
            "meeting": meeting,
        },
    )


@login_required
def detail(request, slug):
    meeting = _meeting(request, slug)
    registrations = list(meeting.registrations.order_by("status", "confirmed_at", "id"))
    return render(
        request,
        "meetings/manage/detail.html",
        {
            "meeting": meeting,
            "counts": queries.counts(meeting),
            "registered": [r for r in registrations if r.status == RegistrationStatus.REGISTERED],
            "waiting": sorted(
                (r for r in registrations if r.status == RegistrationStatus.WAITING),
                key=lambda r: (r.confirmed_at, r.pk),
            ),
            "pending": [r for r in registrations if r.status == RegistrationStatus.PENDING],
            "invitations": queries.invitation_progress(meeting),
            "crumbs": _crumbs(),
            "started": meeting.has_started(),
        },
    )


@login_required
def publish(request, slug):
    meeting = _meeting(request, slug)
    if not confirmed(request):
        return confirmation(
            request,
            title=_("Publish the meeting?"),
            breadcrumbs=_crumbs(meeting),
            rows=[(_("Meeting"), meeting.title)],
            consequences=[
                _("The meeting is shown in the public calendar and its iCalendar feed."),
                _("Anyone can register, except for a focus group, which is by invitation only."),
            ],
            button=_("Publish the meeting"),
            cancel=_detail_url(meeting),
        )
    services.publish_meeting(by=request.user, meeting=meeting)
    messages.success(request, _("The meeting is published in the calendar."))
    return redirect(_detail_url(meeting))


@login_required
def cancel(request, slug):
    meeting = _meeting(request, slug)
    form = CancelMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            told = services.cancel_meeting(
                by=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The meeting is cancelled. %(n)d person is told by e-mail.",
                    "The meeting is cancelled. %(n)d people are told by e-mail.",
                    told,
                )
                % {"n": told},
            )
            return redirect(_detail_url(meeting))
    return render(
        request,
        "meetings/manage/cancel.html",
        {
            "meeting": meeting,
            "form": form,
            "crumbs": _crumbs(meeting),
            "counts": queries.counts(meeting),
        },
    )


@login_required
def invite(request, slug):
    meeting = _meeting(request, slug)
    filters = AssociationFilterForm(request.GET or None)
    associations = Association.objects.select_related("district").order_by("name", "id")
    if filters.is_bound and filters.is_valid():
        if filters.cleaned_data.get("kategori"):
            associations = associations.filter(category=filters.cleaned_data["kategori"])
        if filters.cleaned_data.get("omrade"):
            associations = associations.filter(district=filters.cleaned_data["omrade"])
    invited = set(meeting.invitations.values_list("association_id", flat=True))
    form = InviteAssociationsForm(
        request.POST or None, queryset=associations.exclude(pk__in=[i for i in invited if i])
    )
    person = InvitePersonForm(prefix="person")
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.invite_associations(
                by=request.user, meeting=meeting, associations=form.cleaned_data["associations"]
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d association is invited by e-mail.",
                    "%(n)d associations are invited by e-mail.",
                    counts["invited"],
                )
                % {"n": counts["invited"]},
            )
            if counts["no_address"]:
                messages.warning(
                    request,
                    ngettext(
                        "%(n)d association has no e-mail address and was not invited.",
                        "%(n)d associations have no e-mail address and were not invited.",
                        counts["no_address"],
                    )
                    % {"n": counts["no_address"]},
                )
            return redirect(_detail_url(meeting))
    return render(
        request,
        "meetings/manage/invite.html",
        {
            "meeting": meeting,
            "filters": filters,
            "form": form,
            "person": person,
            "crumbs": _crumbs(meeting),
        },
    )


@login_required
@require_POST
def invite_person(request, slug):
    meeting = _meeting(request, slug)
    form = InvitePersonForm(request.POST, prefix="person")
    if form.is_valid():
        try:
            services.invite_person(
                by=request.user,
                meeting=meeting,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The invitation is sent by e-mail."))
            return redirect(_detail_url(meeting))
    return render(
        request,
        "meetings/manage/invite.html",
        {
            "meeting": meeting,
            "filters": AssociationFilterForm(),
            "form": None,
            "person": form,
            "crumbs": _crumbs(meeting),
        },
        status=400,
    )


@login_required
def attendance(request, slug):
    meeting = _meeting(request, slug)
    registered = list(
        meeting.registrations.filter(status=RegistrationStatus.REGISTERED).order_by("name", "id")
    )
    service_error = None
    if request.method == "POST":
        try:
            came = services.record_attendance(
                by=request.user, meeting=meeting, attended_ids=request.POST.getlist("attended")
            )
        except FORM_ERRORS as error:
            service_error = error.message
        except ValueError:
            service_error = _("Choose among the people listed.")
        else:
            messages.success(
                request,
                ngettext(
                    "Attendance is saved: %(n)d person came.",
                    "Attendance is saved: %(n)d people came.",
                    came,
                )
                % {"n": came},
            )
            return redirect(_detail_url(meeting))
    return render(
        request,
        "meetings/manage/attendance.html",
        {
            "meeting": meeting,
            "registered": registered,
            "service_error": service_error,
            "crumbs": _crumbs(meeting),
        },
    )


@login_required
def notes(request, slug):
    meeting = _meeting(request, slug)
    initial = {
        "notes": meeting.notes,
        "participants": meeting.participants,
        "key_points": "\n".join(meeting.key_points.values_list("text", flat=True)),
    }
    form = NotesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_notes(
                by=request.user,
                meeting=meeting,
                notes=form.cleaned_data["notes"],
                participants=form.cleaned_data["participants"],
                key_points=form.points(),
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The notes are published on the meeting's page."))
            return redirect(_detail_url(meeting))
    return render(
        request,
        "meetings/manage/notes.html",
        {"meeting": meeting, "form": form, "crumbs": _crumbs(meeting)},
    )


@login_required
def photos(request, slug):
    meeting = _meeting(request, slug)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_photo(
                by=request.user,
                meeting=meeting,
                image=form.cleaned_data["image"],
                alt=form.cleaned_data["alt"],
            )
        except FORM_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect("meetings_manage:photos", slug=meeting.slug)
    return render(
        request,
        "meetings/manage/photos.html",
        {
            "meeting": meeting,
            "form": form,
            "photos": list(meeting.photos.all()),
            "crumbs": _crumbs(meeting),
        },
    )


@login_required
@require_POST
def photo_remove(request, slug, photo_id):
    meeting = _meeting(request, slug)
    photo = get_object_or_404(Photo, pk=photo_id, meeting=meeting)
    services.remove_photo(by=request.user, photo=photo)
    messages.success(request, _("The photo is removed."))
    return redirect("meetings_manage:photos", slug=meeting.slug)
