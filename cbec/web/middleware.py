"""Language choice (Chinese unless the person picked English with the switch), and business errors
turned into styled error pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from cbec.errors import CbecError
from cbec.web.errors import error_page

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


class CbecErrorMiddleware:
    """A business verb's expected failure (`cbec.errors.CbecError`: not allowed, invalid input,
    conflict, not found) becomes the styled error page with its status and message, in the
    reader's language, instead of a 500. The API answers these itself, in its error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, CbecError) or request.path.startswith(API_PREFIXES):
            return None
        return error_page(request, exception.status, str(exception))
