"""/admin/ and the second factor (finding 9): the admin's sign-in goes through allauth, with
its rate limits and an authenticator app that administrators must use."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from delaktig.accounts.second_factor import set_up_totp, totp_code

from .factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("still_clock")]

PASSWORD = "hemligt-lösen-123"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
LOGIN = reverse("account_login")
ADMIN = reverse("admin:index")
ADMIN_LOGIN = reverse("admin:login")
TOTP_SETUP = reverse("mfa_activate_totp")
TOO_MANY = "För många misslyckade inloggningsförsök"


@pytest.fixture
def admin(db):
    return UserFactory(email="admin@example.se", is_superuser=True, is_staff=True)


def sign_in(client, user, password=PASSWORD, **extra):
    return client.post(LOGIN, {"login": user.email, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def reauthenticate(client, password=PASSWORD):
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302


def second_step(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


class TestAdminSignIn:
    def test_admin_login_is_allauths_sign_in(self, client):
        response = client.get(ADMIN_LOGIN, {"next": "/admin/accounts/user/"})
        assert response.status_code == 302
        assert response["Location"] == f"{LOGIN}?next=/admin/accounts/user/"
        chain = client.get(ADMIN, follow=True).redirect_chain
        assert chain[-1][0] == f"{LOGIN}?next=/admin/"

    def test_the_admins_own_form_signs_no_one_in(self, client, admin):
        response = client.post(ADMIN_LOGIN, {"username": admin.email, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert not signed_in(client)

    def test_brute_force_at_admin_login_is_refused(self, client, admin):
        """Attack: 25 wrong superuser passwords at /admin/login/, then the right one. Before
        the fix all 26 were checked, with no limit, and the last one signed in."""
        for _ in range(25):
            client.post(ADMIN_LOGIN, {"username": admin.email, "password": "fel-lösen"})
        response = client.post(ADMIN_LOGIN, {"username": admin.email, "password": PASSWORD})
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert not signed_in(client)
        assert client.get(ADMIN).status_code == 302

    def test_brute_force_of_the_superuser_password_is_refused(self, client, admin):
        """The same attack at the sign-in /admin/ sends to: locked after five wrong passwords,
        the right one refused with a clear message."""
        set_up_totp(admin, SECRET)
        for _ in range(25):
            response = sign_in(client, admin, "fel-lösen")
            assert response.status_code == 200 and not signed_in(client)
        response = sign_in(client, admin)
        assert response.status_code == 200
        assert TOO_MANY in response.content.decode()
        assert not signed_in(client)
        assert client.get(ADMIN).status_code == 302

    def test_a_signed_in_non_admin_is_refused_not_looped(self, client):
        client.force_login(UserFactory())
        assert client.get(ADMIN_LOGIN).status_code == 403


class TestAdministratorsMustUseASecondFactor:
    def test_admin_without_an_authenticator_app_cannot_reach_admin(self, client, admin):
        """Attack: the superuser's password alone (phished or guessed) opens nothing."""
        response = sign_in(client, admin, follow=False)
        assert response.status_code == 302 and signed_in(client)
        for url in (ADMIN, "/admin/accounts/user/", reverse("processes_manage:dashboard")):
            response = client.get(url)
            assert response.status_code == 302 and response["Location"] == TOTP_SETUP, url
        # allauth asks for the password once more before a second factor is added.
        page = client.get(ADMIN, follow=True)
        assert page.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
        assert "Administratörer måste använda tvåfaktorsautentisering" in page.content.decode()
        reauthenticate(client)
        page = client.get(TOTP_SETUP).content.decode()
        assert "Aktivera autentiseringsapp" in page

    def test_setting_up_the_app_then_typing_a_code_opens_admin(self, client, admin):
        sign_in(client, admin)
        reauthenticate(client)
        page = client.get(TOTP_SETUP)
        secret = page.context["form"].secret
        assert 'src="data:image/svg+xml;base64,' in page.content.decode()  # the QR code
        response = client.post(TOTP_SETUP, {"code": totp_code(secret)})
        assert response.status_code == 302
        assert Authenticator.objects.filter(user=admin, type="totp").exists()
        # This session signed in with the password alone: one more code first.
        response = client.get(ADMIN)
        assert response["Location"].startswith(reverse("mfa_reauthenticate"))
        reauth = client.post(response["Location"], {"code": totp_code(secret, at=1e10)})
        assert client.get(ADMIN).status_code == 302  # a wrong code opens nothing
        assert reauth.status_code == 200
        client.post(response["Location"], {"code": totp_code(secret)})
        assert client.get(ADMIN).status_code == 200

    def test_admin_with_an_app_signs_in_in_two_steps(self, client, admin):
        set_up_totp(admin, SECRET)
        response = sign_in(client, admin)
        assert response["Location"] == reverse("mfa_authenticate")
        assert not signed_in(client)
        assert client.get(ADMIN).status_code == 302
        assert second_step(client, "000000").status_code == 200 and not signed_in(client)
        response = second_step(client, totp_code(SECRET))
        assert response.status_code == 302 and signed_in(client)
        assert client.get(ADMIN).status_code == 200
        assert client.get(reverse("processes_manage:dashboard")).status_code == 200

    def test_guessing_the_second_factor_is_limited(self, client, admin):
        """Attack: the password is known; the six digits are guessed. Five wrong codes lock
        the account's second step, the right code included."""
        set_up_totp(admin, SECRET)
        sign_in(client, admin)
        for guess in range(5):
            assert second_step(client, f"{guess:06d}").status_code == 200
        response = second_step(client, totp_code(SECRET))
        assert not signed_in(client)
        assert TOO_MANY in response.content.decode()

    def test_a_session_without_the_second_factor_is_sent_to_type_a_code(self, client, admin):
        """A session that did not pass the second factor (e-legitimation, or a session from
        before the app was set up) is asked for a code before /admin/."""
        set_up_totp(admin, SECRET)
        client.force_login(admin)
        response = client.get("/admin/accounts/user/")
        assert response.status_code == 302
        assert response["Location"] == (
            f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2Faccounts%2Fuser%2F"
        )

    def test_an_administrator_cannot_switch_the_app_off(self, client, admin):
        set_up_totp(admin, SECRET)
        sign_in(client, admin)
        second_step(client, totp_code(SECRET))
        reauthenticate(client)
        client.post(reverse("mfa_deactivate_totp"))
        assert Authenticator.objects.filter(user=admin, type="totp").exists()


class TestOfficials:
    def test_an_official_may_work_without_an_app(self, client, official):
        sign_in(client, official)
        assert client.get(reverse("processes_manage:dashboard")).status_code == 200

    def test_an_official_with_an_app_signs_in_in_two_steps(self, client, official):
        set_up_totp(official, SECRET)
        assert sign_in(client, official)["Location"] == reverse("mfa_authenticate")
        assert not signed_in(client)
        second_step(client, totp_code(SECRET))
        assert signed_in(client)

    def test_an_official_may_switch_the_app_off(self, client, official):
        set_up_totp(official, SECRET)
        sign_in(client, official)
        second_step(client, totp_code(SECRET))
        reauthenticate(client)
        client.post(reverse("mfa_deactivate_totp"))
        assert not Authenticator.objects.filter(user=official, type="totp").exists()


def test_officials_are_offered_the_app_on_their_dashboard(client, official):
    sign_in(client, official)
    dashboard = reverse("processes_manage:dashboard")
    html = client.get(dashboard).content.decode()
    assert "Skydda ditt konto med tvåfaktorsautentisering" in html
    assert f'href="{reverse("mfa_index")}"' in html
    set_up_totp(official, SECRET)
    assert "Skydda ditt konto" not in client.get(dashboard).content.decode()
