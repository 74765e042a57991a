"""System checks for settings a municipality must fill in before it goes live."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def accessibility_contact(app_configs, **kwargs):
    """The law (DOS-lagen) asks the accessibility statement for a way to report a barrier."""
    if settings.ACCESSIBILITY_CONTACT_EMAIL:
        return []
    return [
        checks.Warning(
            "ACCESSIBILITY_CONTACT_EMAIL is empty: the accessibility statement gives no way "
            "to report a barrier or ask for content in another form.",
            hint="Set it to the address that answers accessibility questions.",
            id="delaktig.W001",
        )
    ]
