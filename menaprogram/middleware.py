"""Ukrainian first, and sessions that end after an idle hour."""

import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class UkrainianFirstLocaleMiddleware(LocaleMiddleware):
    """Choose the language from the switch's cookie only, not from the browser.

    Staff browsers often announce English or Russian; the council works in Ukrainian,
    and English is offered by the switch in the header.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


ACTIVE_AT = "active_at"
# Writing the session on every request would cost a query per page; once a minute is
# precise enough for an idle timeout measured in hours.
REFRESH_EVERY_SECONDS = 60


def mark_active(session):
    session[ACTIVE_AT] = int(time.time())


class IdleSessionMiddleware:
    """A signed-in session expires SESSION_COOKIE_AGE seconds after the person's last request.

    Saving the session moves its expiry forward; it is saved when it was last marked
    active more than a minute ago.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        signed_in = session is not None and user is not None and user.is_authenticated
        if signed_in and time.time() - session.get(ACTIVE_AT, 0) > REFRESH_EVERY_SECONDS:
            mark_active(session)
        return response
