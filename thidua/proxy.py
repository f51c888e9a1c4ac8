"""The client's address behind nginx (docs/DEPLOY.md), for sign-in throttling (``AXES_CLIENT_IP_CALLABLE``).

``X-Forwarded-For`` is believed only from an address in ``TRUSTED_PROXIES`` (addresses or networks: the nginx
machines): then the client is the right-most address of the header that is not itself a trusted proxy. From anyone
else the header is ignored and ``REMOTE_ADDR`` is the client, so a browser cannot pick the address it is counted
under by sending the header itself.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not remote or not networks or not _trusted(remote, networks):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if not _trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:
                return remote  # a garbled header: count the proxy, never a made-up string
    return remote
