"""The client's address behind a trusted proxy, and not behind anyone else."""

import pytest
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited

from delaktig.core.client_ip import client_ip

PROXY = "10.1.2.3"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8:ffff::/48"]
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"


def request(peer, forwarded=None, **headers):
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


@pytest.mark.usefixtures("behind_proxy")
class TestBehindTrustedProxy:
    def test_the_client_the_proxy_saw(self):
        assert client_ip(request(PROXY, "198.51.100.7")) == "198.51.100.7"

    def test_what_the_client_wrote_itself_is_ignored(self):
        # The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the address it saw.
        assert client_ip(request(PROXY, "1.2.3.4, 198.51.100.7")) == "198.51.100.7"

    def test_a_chain_of_trusted_proxies_is_skipped(self):
        assert client_ip(request(PROXY, "1.2.3.4, 198.51.100.7, 10.9.9.9")) == "198.51.100.7"

    def test_ports_brackets_and_ipv6(self):
        assert client_ip(request(PROXY, "198.51.100.7:5123")) == "198.51.100.7"
        assert client_ip(request(PROXY, "[2001:db8:1::5]:443")) == "2001:db8:1::5"
        assert client_ip(request("2001:db8:ffff::1", "2001:db8:1::5")) == "2001:db8:1::5"

    def test_no_header_is_the_proxy(self):
        assert client_ip(request(PROXY)) == PROXY

    def test_garbage_in_the_header_gives_the_last_trusted_hop(self):
        assert client_ip(request(PROXY, "<script>, 10.9.9.9")) == "10.9.9.9"
        assert client_ip(request(PROXY, "not-an-address")) == PROXY

    def test_an_untrusted_peer_cannot_name_another_client(self):
        assert client_ip(request("203.0.113.9", "198.51.100.7")) == "203.0.113.9"

    def test_another_header(self, settings):
        settings.CLIENT_IP_HEADER = "X-Real-IP"
        req = request(PROXY, "1.1.1.1", HTTP_X_REAL_IP="198.51.100.8")
        assert client_ip(req) == "198.51.100.8"


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request(PROXY, "198.51.100.7")) == PROXY


@pytest.mark.usefixtures("behind_proxy", "still_clock")
def test_django_ratelimit_counts_each_client_behind_the_proxy():
    """key="ip" goes through client_ip (RATELIMIT_IP_META_KEY)."""

    def limited(req):
        return is_ratelimited(req, group="t", key="ip", rate="2/m", increment=True)

    first = [limited(request(PROXY, "198.51.100.1")) for _ in range(3)]
    assert first == [False, False, True]
    assert not limited(request(PROXY, "198.51.100.2"))


@pytest.mark.usefixtures("behind_proxy", "still_clock")
def test_a_spoofing_client_is_still_one_client():
    def limited(req):
        return is_ratelimited(req, group="t", key="ip", rate="2/m", increment=True)

    tries = [limited(request("203.0.113.9", f"198.51.100.{i}")) for i in range(3)]
    assert tries == [False, False, True]


def test_a_bad_trusted_proxies_setting_stops_the_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings.base as base

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8,proxy.example.se")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        importlib.reload(base)
    monkeypatch.delenv("TRUSTED_PROXIES")
    importlib.reload(base)
