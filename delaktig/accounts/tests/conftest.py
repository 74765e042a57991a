import pytest
import requests

from .oidc_flow import start_provider


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """django-oidc-provider, started once for the test session, trusting live_server."""
    provider = start_provider(
        tmp_path_factory.mktemp("oidc-provider"),
        f"{live_server.url}/oidc/callback/",
        post_logout_redirect_uri=f"{live_server.url}/",
    )
    yield provider
    provider.stop()


@pytest.fixture
def oidc_on(settings, oidc_provider, live_server):
    """Switch e-ID sign-in (and sign-out) on for one test, pointed at the test provider."""
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    settings.SITE_URL = live_server.url  # post_logout_redirect_uri, registered at the provider
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "delaktig.accounts.oidc.EidBackend",
    ]
    settings.ROOT_URLCONF = "delaktig.accounts.tests.urls_oidc"
    return oidc_provider


@pytest.fixture
def browser_session():
    with requests.Session() as session:
        session.headers["Accept-Language"] = "sv"
        yield session
