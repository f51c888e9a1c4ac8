"""The address sign-in throttling counts (thidua.proxy.client_ip): X-Forwarded-For only from a trusted proxy."""

from django.test import RequestFactory

from thidua.proxy import client_ip


def _request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    return RequestFactory().get("/login/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("10.0.0.10", "203.0.113.7")) == "10.0.0.10"


def test_behind_nginx_the_forwarded_address_counts(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.10", "127.0.0.0/8"]
    assert client_ip(_request("10.0.0.10", "203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request("127.0.0.1", "198.51.100.2, 203.0.113.7, 10.0.0.10")) == "203.0.113.7"


def test_a_browser_cannot_choose_its_address(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.10"]
    assert client_ip(_request("203.0.113.9", "192.0.2.1")) == "203.0.113.9"


def test_a_garbled_header_counts_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.10"]
    assert client_ip(_request("10.0.0.10", "not-an-address")) == "10.0.0.10"
    assert client_ip(_request("10.0.0.10", "")) == "10.0.0.10"


def test_sign_in_throttling_counts_the_address_nginx_names(client, personas, settings):
    from axes.models import AccessAttempt, AccessFailureLog
    from django.urls import reverse

    settings.TRUSTED_PROXIES = ["10.0.0.10"]
    settings.AXES_FAILURE_LIMIT = 2
    for forwarded in ("203.0.113.7", "203.0.113.7", "198.51.100.2"):
        client.post(
            reverse("login"),
            {"username": "office", "password": "sai-mat-khau"},
            REMOTE_ADDR="10.0.0.10",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    assert sorted(AccessFailureLog.objects.values_list("ip_address", flat=True)) == [
        "198.51.100.2",
        "203.0.113.7",
        "203.0.113.7",
    ]
    assert dict(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == {
        "203.0.113.7": 2,
        "198.51.100.2": 1,
    }
