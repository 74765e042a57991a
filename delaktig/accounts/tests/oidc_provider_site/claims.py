"""Claims the test provider releases: standard profile/email claims and two extra scopes."""

from oidc_provider.lib.claims import ScopeClaims

from .people import PEOPLE


def userinfo(claims, user):
    """OIDC_USERINFO: the standard claims of a test person."""
    person = PEOPLE.get(user.get_username(), {})
    for key in ("name", "given_name", "family_name", "email", "email_verified"):
        if key in person:
            claims[key] = person[key]
    return claims


class ExtraScopeClaims(ScopeClaims):
    """OIDC_EXTRA_SCOPE_CLAIMS: ``personnummer`` → personal_number, ``groups`` → groups."""

    info_personnummer = ("Personnummer", "Your personal identity number.")
    info_groups = ("Groups", "The groups you belong to.")

    def scope_personnummer(self):
        return {"personal_number": PEOPLE.get(self.user.get_username(), {}).get("personal_number")}

    def scope_groups(self):
        return {"groups": PEOPLE.get(self.user.get_username(), {}).get("groups")}
