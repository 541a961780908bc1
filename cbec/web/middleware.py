"""Language choice: Chinese unless the person picked English with the switch."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

API_PREFIXES = ("/api/", "/ims/")


class DefaultLanguageMiddleware:
    """Ignore the browser's Accept-Language so zh-hans is the default everywhere.

    The platform's users share links and screenshots in meetings; one default language keeps
    those consistent. The switch on every page sets the language cookie, which still wins.
    API clients (`/api/`, `/ims/`) have no switch, so for them Accept-Language is honoured.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith(API_PREFIXES)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and not api:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
