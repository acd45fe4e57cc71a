"""Ukrainian first: the interface language is the council's unless a person picks English."""

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
