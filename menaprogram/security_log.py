"""A record of who signed in, who failed to, and who was refused a page, with UTC times."""

import logging
import time

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


def _address(request):
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


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
