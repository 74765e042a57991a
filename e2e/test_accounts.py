"""Accounts in the browser: sign up, verify the e-mail, sign in, errors, language."""

import re

import pytest
from django.core import mail

from e2e.journeys import (
    LOGOUT_BUTTON,
    PASSWORD,
    assert_accessible,
    assert_no_errors,
    assert_one_h1,
    html_lang,
    is_signed_in,
    logout,
    mail_links,
    make_resident,
)

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

SIGNUP_SUBMIT = 'main form[action$="/konto/signup/"] button[type="submit"]'
LOGIN_SUBMIT = 'main form[action$="/konto/login/"] button[type="submit"]'
NEW_PASSWORD = "Grusvägen-Tranås-1987"
# "Logga ut" once the catalogue is compiled (make compilemessages), the source text before.
SIGN_OUT = {"Logga ut", "Sign out"}


def test_sign_up_verify_e_mail_and_sign_in(page, goto, login, console_errors):
    from allauth.account.models import EmailAddress

    from delaktig.accounts.models import User

    # The resident opens the sign-up form from the sign-in page.
    goto(page, "/konto/login/")
    page.click('main a[href="/konto/signup/"]')
    page.wait_for_url("**/konto/signup/")
    assert_one_h1(page)
    assert_accessible(page)

    page.fill('input[name="full_name"]', "Karin Lindqvist")
    page.fill('input[name="email"]', "karin.lindqvist@example.se")
    page.fill('input[name="password1"]', NEW_PASSWORD)
    page.fill('input[name="password2"]', NEW_PASSWORD)
    page.click(SIGNUP_SUBMIT)

    # "Verify your e-mail address": not signed in yet, verification is mandatory.
    page.wait_for_url("**/konto/confirm-email/")
    assert_one_h1(page)
    assert not is_signed_in(page)
    assert_accessible(page)

    # The live server runs in this process and mails through the locmem backend.
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    message = mail.outbox[0]
    assert message.to == ["karin.lindqvist@example.se"]
    assert message.subject.startswith("[Delaktig] ")
    links = [link for link in mail_links(message) if "/konto/confirm-email/" in link]
    assert len(links) == 1, message.body
    assert links[0].startswith(page.url.split("/konto/")[0]), "the link must point at this site"

    # Following the link shows a confirmation page with one button.
    page.goto(links[0])
    assert_one_h1(page)
    assert_accessible(page)
    page.click('main form button[type="submit"]')
    page.wait_for_load_state()

    address = EmailAddress.objects.get(email="karin.lindqvist@example.se")
    assert address.verified
    user = User.objects.get(email="karin.lindqvist@example.se")
    assert user.full_name == "Karin Lindqvist"

    # allauth sends the resident on to sign in (or signs them in, depending on settings).
    if not is_signed_in(page):
        login(page, user, NEW_PASSWORD)
    page.wait_for_selector(LOGOUT_BUTTON)
    assert page.locator(LOGOUT_BUTTON).is_visible()
    assert page.locator(LOGOUT_BUTTON).inner_text().strip() in SIGN_OUT
    assert_accessible(page)
    assert_no_errors(console_errors(page))


def test_sign_in_and_out(page, login):
    resident = make_resident()

    login(page, resident)
    assert page.locator(LOGOUT_BUTTON).inner_text().strip() in SIGN_OUT
    assert_accessible(page)  # signed in: the header and the "signed in as" message

    logout(page)
    assert not is_signed_in(page)


def test_sign_in_redirects_to_next(page, goto):
    resident = make_resident()

    goto(page, "/om/")
    page.click('header a[href^="/konto/login/"]')
    page.wait_for_url(re.compile(r"/konto/login/\?next=(/|%2F)om(/|%2F)$"))
    page.fill('input[name="login"]', resident.email)
    page.fill('input[name="password"]', PASSWORD)
    page.click(LOGIN_SUBMIT)

    page.wait_for_url("**/om/")
    assert is_signed_in(page)


def test_wrong_password_gives_a_swedish_error(page, goto, console_errors):
    resident = make_resident()

    goto(page, "/konto/login/")
    page.fill('input[name="login"]', resident.email)
    page.fill('input[name="password"]', "fel-lösenord-999")
    page.click(LOGIN_SUBMIT)
    page.wait_for_load_state()

    assert page.url.endswith("/konto/login/")
    assert not is_signed_in(page)
    error = page.locator("main :is(.errorlist, .error-summary)").first
    assert error.is_visible()
    text = error.inner_text()
    assert "lösenord" in text.lower(), f"not a Swedish error message: {text!r}"
    assert "not correct" not in text
    # The address is kept, so the resident only retypes the password.
    assert page.input_value('input[name="login"]') == resident.email
    assert page.input_value('input[name="password"]') == ""
    assert html_lang(page) == "sv"
    assert_one_h1(page)
    assert_accessible(page)
    assert_no_errors(console_errors(page))


def test_sign_up_with_mismatched_passwords_stays_accessible(page, goto):
    from delaktig.accounts.models import User

    goto(page, "/konto/signup/")
    page.fill('input[name="full_name"]', "Per Persson")
    page.fill('input[name="email"]', "per@example.se")
    page.fill('input[name="password1"]', NEW_PASSWORD)
    page.fill('input[name="password2"]', NEW_PASSWORD + "x")
    page.click(SIGNUP_SUBMIT)
    page.wait_for_load_state()

    assert page.url.endswith("/konto/signup/")
    assert page.locator("main :is(.errorlist, .error-summary)").count() >= 1
    assert not User.objects.filter(email="per@example.se").exists()
    assert len(mail.outbox) == 0
    assert_accessible(page)


def test_language_switch_to_english_and_back(page, goto, console_errors):
    goto(page, "/om/")
    assert html_lang(page) == "sv"

    page.click('header button[name="language"][value="en"]')
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert page.url.endswith("/om/"), "switching language keeps the visitor on the page"
    assert assert_one_h1(page) == "About Delaktig"
    assert page.locator('header button[name="language"][value="sv"]').inner_text() == "På svenska"
    assert_accessible(page)

    # The choice is remembered on the next page.
    goto(page, "/tillganglighet/")
    assert html_lang(page) == "en"
    assert assert_one_h1(page) == "Accessibility statement"

    page.click('header button[name="language"][value="sv"]')
    page.wait_for_function("() => document.documentElement.lang === 'sv'")
    assert page.url.endswith("/tillganglighet/")
    assert page.locator('header button[name="language"][value="en"]').inner_text() == "In English"
    assert_accessible(page)
    assert_no_errors(console_errors(page))
