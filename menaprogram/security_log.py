"""A record of who signed in, who failed to, and who was refused a page, with UTC times."""

import ipaddress
import logging
import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.views.defaults import permission_denied

from menaprogram.middleware import mark_active

logger = logging.getLogger("menaprogram.security")


class UTCFormatter(logging.Formatter):
    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"


def client_address(request):
    """The client's address, as the last of `PROXY_COUNT` trusted proxies saw it.

    Each proxy appends the address it was reached from to X-Forwarded-For, so behind N
    proxies the client is the N-th entry from the right of [X-Forwarded-For…, REMOTE_ADDR].
    Entries further left are whatever the client typed, and are never believed. A request
    that did not come through the proxies (too short a chain) keeps its own REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    if not settings.PROXY_COUNT:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    chain = [entry.strip() for entry in forwarded if entry.strip()] + [remote]
    if len(chain) <= settings.PROXY_COUNT:
        return remote
    try:
        return str(ipaddress.ip_address(chain[-1 - settings.PROXY_COUNT]))
    except ValueError:
        return remote


def _address(request):
    return (client_address(request) if request is not None else None) or "-"


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mark_active(request.session)
    logger.info("login user=%s address=%s", user.get_username(), _address(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    name = user.get_username() if user else "-"
    logger.info("logout user=%s address=%s", name, _address(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The password never reaches the log: Django masks it, and only the username is used.
    logger.warning(
        "login failed user=%s address=%s", credentials.get("username", "-"), _address(request)
    )


def forbidden(request, exception=None):
    """The 403 page, with a line in the security log saying who was refused what."""
    user = request.user.get_username() if request.user.is_authenticated else "anonymous"
    logger.warning(
        "access denied user=%s address=%s %s %s",
        user,
        _address(request),
        request.method,
        request.get_full_path(),
    )
    return permission_denied(request, exception or PermissionDenied())
