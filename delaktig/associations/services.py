"""The writes of the association register. Each is one transaction and is audited.

- `apply`: the public form. An application waits UNCONFIRMED until the applicant follows the
  signed link e-mailed to them (`confirm`); only then does it reach the officials' queue.
- `approve` / `reject`: an official's decision. Approving a new entry lists it; approving a
  change changes the entry. The applicant is told by e-mail either way.
- `remove_contact`: the named contact person goes from the entry (and from the applications
  that named them), on the person's request by a signed link, or by an official.
- `invite`: associations invited by e-mail to a dialogue or a budget round (task queue).
- `import_rows`: a checked register file, all rows or none (imports.py checks it).
"""

import hashlib
from dataclasses import dataclass, fields

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from delaktig.audit.services import record
from delaktig.core.errors import Conflict, InvalidInput
from delaktig.core.permissions import require

from .models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Association,
    AssociationStatus,
    Category,
    Invitation,
    name_key,
)
from .validation import (
    CONTACT_NAME_MAX,
    NAME_MAX,
    check_description,
    check_plain_text,
    check_website,
    clean_text,
)

CONFIRM_SALT = "associations.confirm-application"
REMOVE_SALT = "associations.remove-contact"
LINK_DAYS = 7  # a confirmation or removal link works this long; unconfirmed ones are purged


@dataclass(frozen=True)
class EntryData:
    """What the public sees of an association, as the form, an official or a file gives it."""

    name: str
    category: str
    district_id: int | None = None
    description: str = ""
    website: str = ""
    contact_email: str = ""
    contact_name: str = ""
    contact_consent: bool = False

    def cleaned(self) -> "EntryData":
        """The same data with every rule checked: InvalidInput naming the field otherwise."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in ("name", "description", "website", "contact_email", "contact_name"):
            data[key] = clean_text(data[key])
        data["contact_email"] = data["contact_email"].lower()
        checks = {
            "name": [check_plain_text],
            "description": [check_plain_text, check_description],
            "website": [check_website],
            "contact_name": [check_plain_text],
        }
        for key, validators in checks.items():
            for validator in validators:
                try:
                    validator(data[key])
                except ValidationError as error:
                    raise InvalidInput(error.messages[0], field=key) from error
        if not data["name"]:
            raise InvalidInput(_("Write the association's name."), field="name")
        if len(data["name"]) > NAME_MAX or len(data["contact_name"]) > CONTACT_NAME_MAX:
            field = "name" if len(data["name"]) > NAME_MAX else "contact_name"
            raise InvalidInput(_("The text is too long."), field=field)
        if data["category"] not in Category.values:
            raise InvalidInput(_("Choose a category."), field="category")
        if data["contact_name"] and not data["contact_consent"]:
            raise InvalidInput(
                _(
                    "A named contact person is shown only if they agree to it. Tick the box, "
                    "or leave the name out and give a role address such as info@…"
                ),
                field="contact_consent",
            )
        if not data["contact_name"]:
            data["contact_consent"] = False
        return EntryData(**data)


def entry_of(association: Association) -> EntryData:
    return EntryData(
        name=association.name,
        category=association.category,
        district_id=association.district_id,
        description=association.description,
        website=association.website,
        contact_email=association.contact_email,
        contact_name=association.contact_name,
        contact_consent=association.contact_consented_on is not None,
    )


def _name_taken(name: str, *, except_association=None) -> bool:
    others = Association.objects.filter(name_key=name_key(name)).exclude(
        status=AssociationStatus.REMOVED
    )
    if except_association is not None:
        others = others.exclude(pk=except_association.pk)
    return others.exists()


def _duplicate_name(name):
    return InvalidInput(
        _("An association called “%(name)s” is already in the register.") % {"name": name},
        field="name",
    )


def apply(*, data: EntryData, applicant_email: str, association=None) -> Application:
    """The public form: a new entry (`association` None) or a change of a listed one. The
    application waits for the applicant to confirm their e-mail address; the link goes out
    through the task queue."""
    from . import tasks

    data = data.cleaned()
    if association is not None and association.status != AssociationStatus.LISTED:
        raise InvalidInput(_("Only a listed association can ask to change its entry."))
    if _name_taken(data.name, except_association=association):
        raise _duplicate_name(data.name)
    waiting = Application.objects.filter(
        status=ApplicationStatus.WAITING, kind=ApplicationKind.NEW
    ).values_list("name", flat=True)
    if association is None and name_key(data.name) in {name_key(n) for n in waiting}:
        raise InvalidInput(
            _(
                "An application for “%(name)s” is already waiting for a decision. You will hear "
                "from the municipality by e-mail."
            )
            % {"name": data.name},
            field="name",
        )
    with transaction.atomic():
        application = Application.objects.create(
            kind=ApplicationKind.UPDATE if association else ApplicationKind.NEW,
            association=association,
            applicant_email=clean_text(applicant_email).lower(),
            **_fields_of(data),
        )
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(application.pk))
    return application


def _fields_of(data: EntryData) -> dict:
    return {
        "name": data.name,
        "category": data.category,
        "district_id": data.district_id,
        "description": data.description,
        "website": data.website,
        "contact_email": data.contact_email,
        "contact_name": data.contact_name,
        "contact_consent": data.contact_consent,
    }


def confirmation_token(application: Application) -> str:
    return signing.dumps({"a": application.pk}, salt=CONFIRM_SALT)


def confirm(*, token: str) -> Application:
    """The applicant followed the link: the application goes to the officials' queue."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=LINK_DAYS * 86400)
    except signing.SignatureExpired as error:
        raise InvalidInput(
            _("The link is too old. Send the form again and confirm within %(days)d days.")
            % {"days": LINK_DAYS}
        ) from error
    except signing.BadSignature as error:
        raise InvalidInput(
            _("The link is not valid. Copy the whole link from the e-mail.")
        ) from error
    with transaction.atomic():
        application = Application.objects.select_for_update().filter(pk=payload.get("a")).first()
        if application is None:
            raise InvalidInput(
                _("The application is no longer here. It may have been removed; send it again.")
            )
        if application.status != ApplicationStatus.UNCONFIRMED:
            return application  # a second click: already in the queue or decided
        application.status = ApplicationStatus.WAITING
        application.confirmed_at = timezone.now()
        application.save(update_fields=["status", "confirmed_at", "updated_at"])
        record(None, "associations.application_confirmed", application, kind=application.kind)
    return application


# The register's own addresses (urls.py), which an association's slug must not take.
RESERVED_SLUGS = {"ansok", "bekrafta", "ta-bort-kontakt"}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "forening"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Association.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply_entry(association: Association, data: EntryData) -> list[str]:
    """Write `data` onto the entry; the names of the fields that changed."""
    before = entry_of(association)
    changed = [f.name for f in fields(data) if getattr(before, f.name) != getattr(data, f.name)]
    for key, value in _fields_of(data).items():
        if key != "contact_consent":
            setattr(association, key, value)
    if not data.contact_name:
        association.contact_consented_on = None
    elif "contact_name" in changed or association.contact_consented_on is None:
        association.contact_consented_on = timezone.localdate()
    return changed


def _locked_waiting(application) -> Application:
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.WAITING:
        raise Conflict(_("Someone has already decided on this application."))
    return locked


def approve(*, by, application: Application) -> Association:
    from . import tasks

    require("associations.manage_register", by)
    data = EntryData(**_fields_of(application)).cleaned()
    with transaction.atomic():
        application = _locked_waiting(application)
        if application.kind == ApplicationKind.NEW:
            if _name_taken(data.name):
                raise _duplicate_name(data.name)
            association = Association(slug=_unique_slug(data.name), status=AssociationStatus.LISTED)
            changed = _apply_entry(association, data)
            try:
                with transaction.atomic():
                    association.save()
            except IntegrityError as error:  # another approval of the same name won the race
                raise _duplicate_name(data.name) from error
            application.association = association
            action = "associations.listed"
        else:
            association = Association.objects.select_for_update().get(pk=application.association_id)
            if _name_taken(data.name, except_association=association):
                raise _duplicate_name(data.name)
            changed = _apply_entry(association, data)
            association.save()
            action = "associations.entry_changed"
        application.status = ApplicationStatus.APPROVED
        application.decided_at = timezone.now()
        application.decided_by = by
        application.save()
        # Field names only: the log is kept for ever, the contact person may not be.
        record(by, action, association, application=application.pk, fields=changed)
        transaction.on_commit(lambda: tasks.send_decision.enqueue(application.pk))
    return association


def reject(*, by, application: Application, reason: str) -> Application:
    from . import tasks

    require("associations.manage_register", by)
    reason = clean_text(reason)
    if not reason:
        raise InvalidInput(_("Say why, so that the association knows what to do."), field="reason")
    try:
        check_plain_text(reason)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], field="reason") from error
    with transaction.atomic():
        application = _locked_waiting(application)
        application.status = ApplicationStatus.REJECTED
        application.reason = reason[:1000]
        application.decided_at = timezone.now()
        application.decided_by = by
        application.save()
        record(by, "associations.application_rejected", application, reason=application.reason)
        transaction.on_commit(lambda: tasks.send_decision.enqueue(application.pk))
    return application


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]


def removal_token(association: Association) -> str:
    return signing.dumps(
        {"a": association.pk, "e": _email_digest(association.contact_email)}, salt=REMOVE_SALT
    )


def request_contact_removal(*, association: Association, email: str) -> bool:
    """A person asks to be removed as the entry's contact. If `email` is the entry's contact
    address, a link that removes them goes to it; the page says the same either way, so the
    form tells nobody whose address is in the register."""
    from . import tasks

    email = clean_text(email).lower()
    if not (association.contact_name or association.contact_email):
        return False
    if not email or email != association.contact_email.lower():
        return False
    tasks.send_removal_link.enqueue(association.pk)
    return True


def remove_contact_by_link(*, token: str) -> Association:
    try:
        payload = signing.loads(token, salt=REMOVE_SALT, max_age=LINK_DAYS * 86400)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise InvalidInput(
            _("The link is not valid or too old. Ask for a new one from the association's page.")
        ) from error
    association = Association.objects.filter(pk=payload.get("a")).first()
    if association is None or _email_digest(association.contact_email) != payload.get("e"):
        # Removed already, or the contact changed since: nothing of theirs is left to remove.
        raise Conflict(_("You are no longer the contact of this association."))
    return remove_contact(by=None, association=association, on_request=True)


def remove_contact(*, by, association: Association, on_request: bool = False) -> Association:
    """The named contact person and their address go from the entry and from every application
    of the association that named them. The audit event says that it happened, not who."""
    if by is not None or not on_request:
        require("associations.manage_register", by)
    with transaction.atomic():
        association = Association.objects.select_for_update().get(pk=association.pk)
        name, email = association.contact_name, association.contact_email
        association.contact_name = ""
        association.contact_email = ""
        association.contact_consented_on = None
        association.save()
        named = Application.objects.filter(association=association) | Application.objects.filter(
            name__iexact=association.name, association__isnull=True
        )
        for field, value in (("contact_name", name), ("contact_email", email)):
            if value:
                named.filter(**{f"{field}__iexact": value}).update(
                    contact_name="", contact_email="", contact_consent=False
                )
        record(by, "associations.contact_removed", association, on_request=on_request)
    return association


def delist(*, by, association: Association) -> Association:
    """The entry leaves the public register (the association closed, or asked to go)."""
    require("associations.manage_register", by)
    with transaction.atomic():
        association = Association.objects.select_for_update().get(pk=association.pk)
        if association.status == AssociationStatus.REMOVED:
            raise Conflict(_("The association is already removed from the register."))
        association.status = AssociationStatus.REMOVED
        association.save(update_fields=["status", "updated_at"])
        record(by, "associations.delisted", association)
    return association


@dataclass(frozen=True)
class InvitationOutcome:
    invited: list[Invitation]
    no_address: list[Association]
    already: list[Association]


def invite(*, by, process, associations, message: str = "") -> InvitationOutcome:
    """Invite each association (listed, with a contact address, not yet invited to `process`)
    by e-mail; the messages go out through the task queue."""
    from . import tasks

    require("associations.manage_register", by)
    message = clean_text(message)
    try:
        check_plain_text(message)
    except ValidationError as error:
        raise InvalidInput(error.messages[0], field="message") from error
    if len(message) > 2000:
        raise InvalidInput(_("The text is too long."), field="message")
    chosen = list(associations)
    if not chosen:
        raise InvalidInput(_("No association matches. Choose other categories or areas."))
    with transaction.atomic():
        taken = set(
            Invitation.objects.filter(process=process, association__in=chosen).values_list(
                "association_id", flat=True
            )
        )
        no_address = [a for a in chosen if not a.contact_email]
        already = [a for a in chosen if a.pk in taken]
        new = [
            Invitation(
                association=a,
                process=process,
                email=a.contact_email,
                message=message,
                invited_by=by,
            )
            for a in chosen
            if a.contact_email and a.pk not in taken and a.status == AssociationStatus.LISTED
        ]
        Invitation.objects.bulk_create(new)
        invited = list(
            Invitation.objects.filter(process=process, association__in=[i.association for i in new])
        )
        record(
            by,
            "associations.invited",
            process,
            count=len(invited),
            associations=[i.association_id for i in invited],
        )
        ids = [i.pk for i in invited]
        if ids:
            transaction.on_commit(lambda: tasks.send_invitations.enqueue(ids))
    return InvitationOutcome(invited=invited, no_address=no_address, already=already)


def import_rows(*, by, rows) -> int:
    """List every row of a checked file (imports.check_file), all or none."""
    require("associations.manage_register", by)
    with transaction.atomic():
        names = [name_key(r.name) for r in rows]
        if (
            Association.objects.filter(name_key__in=names)
            .exclude(status=AssociationStatus.REMOVED)
            .exists()
        ):
            raise Conflict(
                _(
                    "Someone has added one of these associations since the check. Upload the "
                    "file again."
                )
            )
        created = []
        for row in rows:
            association = Association(slug=_unique_slug(row.name), status=AssociationStatus.LISTED)
            _apply_entry(association, row)
            try:
                with transaction.atomic():
                    association.save()
            except IntegrityError as error:  # added by someone else since the check
                raise Conflict(
                    _(
                        "Someone has added one of these associations since the check. "
                        "Upload the file again."
                    )
                ) from error
            created.append(association.pk)
        record(by, "associations.imported", None, count=len(created), associations=created)
    return len(created)
