"""The JSON API (OpenAPI at /api/docs) and its one documented error shape.

Every error answers `{"error": {"status": int, "code": str, "message": str, "details": [...]}}`.
"""

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from cbec.analysis.api import router as analysis_router
from cbec.curricula.api import router as curricula_router
from cbec.errors import CbecError
from cbec.inbox.api import router as inbox_router
from cbec.jobs.api import router as jobs_router
from cbec.monitor.api import router as monitor_router
from cbec.regulatory.api import router as regulatory_router
from cbec.standards.api import router as standards_router
from cbec.standards.interop_api import router as interop_router

logger = logging.getLogger(__name__)


class Utf8Renderer(JSONRenderer):
    """Chinese text as text, not \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012


api = NinjaAPI(
    title="CBEC Talent Standards API",
    version="1",
    description=(
        "Read API for CBEC skill standards, the CBEC domain map, regulations and programme "
        "statistics. Errors always use the shape `{error: {status, code, message, details}}`."
    ),
    urls_namespace="api",
    renderer=Utf8Renderer(),
    docs_url="/docs",
)
api.add_router("/", standards_router)
api.add_router("/", curricula_router)
api.add_router("/", analysis_router)
api.add_router("/", regulatory_router)
api.add_router("/", inbox_router)
api.add_router("/", monitor_router)
api.add_router("/", jobs_router)
api.add_router("/", interop_router)


def error_response(
    status: int, code: str, message: str, details: list[Any] | None = None
) -> JsonResponse:
    body = {"error": {"status": status, "code": code, "message": message, "details": details or []}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {
            "field": ".".join(str(p) for p in e.get("loc", [])[1:]) or None,
            "message": e.get("msg", ""),
        }
        for e in exc.errors
    ]
    return error_response(422, "validation_error", "The request has invalid fields.", details)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", str(exc) or "Not found.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    codes = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 422: "validation_error"}
    return error_response(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(401, "unauthenticated", "Log in first.")


@api.exception_handler(CbecError)
def _business_error(request: HttpRequest, exc: CbecError) -> HttpResponse:
    """Not allowed (403), invalid input (400), conflict (409), not found (404): the verb's own
    message in the request's language; `details` names the request field at fault, if any."""
    details: list[Any] = [{"field": exc.field, "message": str(exc)}] if exc.field else []
    if isinstance(exc.details, list):
        details.extend(exc.details)
    return error_response(exc.status, exc.code, str(exc), details)


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Never a stack trace to the client; the server log keeps the details."""
    logger.exception("API error at %s", request.path)
    return error_response(500, "server_error", "Unexpected server error; it has been logged.")


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Unknown API paths answer in the API's error shape, not with an HTML page."""
    return error_response(404, "not_found", f"No API endpoint at /api/{rest}.")
