"""Error pages: one styled page for 400, 403, 404, 409 and 500, in the reader's language.

Visitors never see a stack trace or the URL list: `cbec serve` runs with DEBUG off, and these
handlers (wired in `cbec.urls`) answer instead of Django's debug pages. `error_page` is also
what `CbecErrorMiddleware` answers when a business verb raises a `cbec.errors.CbecError`.
HTMX requests get a short fragment with the same status, not a whole page.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _titles() -> dict[int, str]:
    return {
        400: _("请求有误"),
        403: _("没有权限"),
        404: _("页面不存在"),
        409: _("操作冲突"),
        500: _("服务器出错"),
    }


def _explanations() -> dict[int, str]:
    return {
        400: _("请求中有无法处理的内容，请检查后重试。"),
        403: _("你没有执行此操作的权限。如需权限，请联系所在机构的管理员。"),
        404: _("你要找的页面不存在，或已被移走。"),
        409: _("对象当前的状态不允许此操作，可能已被他人修改。请刷新页面后重试。"),
        500: _("出现了意外错误，已记录在服务器日志中。请稍后重试。"),
    }


def error_page(request: HttpRequest, status: int, message: str = "") -> HttpResponse:
    """The styled error page (or, for HTMX, a fragment) for `status`; `message` says what went
    wrong in the reader's language, the status's general explanation when empty."""
    title = _titles().get(status) or _titles()[400 if status < 500 else 500]
    explanation = _explanations().get(status) or _explanations()[400 if status < 500 else 500]
    if request.headers.get("HX-Request"):
        fragment = format_html(
            '<p class="error" role="alert"><strong>{}</strong> {}</p>',
            title,
            message or explanation,
        )
        return HttpResponse(fragment, status=status)
    context = {
        "status": status,
        "title": title,
        "message": message,
        "explanation": explanation,
    }
    return render(request, "web/error.html", context, status=status)


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Unknown API paths answer in the API's error shape; pages get the styled 404. The
    exception's own text (e.g. "No Framework matches the given query") is not shown."""
    if request.path.startswith("/api/"):
        from cbec.api import api_not_found

        return api_not_found(request, request.path.removeprefix("/api/"))
    return error_page(request, 404)


def handler500(request: HttpRequest) -> HttpResponse:
    """Renders without the database (no user, no session, no context processors): the error may
    be that the database is down. Falls back to plain bilingual text if even that fails."""
    status = 500
    body: str
    try:
        body = render_to_string(
            "web/500.html",
            {"status": status, "title": _titles()[status], "explanation": _explanations()[status]},
        )
    except Exception:  # the template or static manifest is broken too
        logger.exception("the 500 page could not be rendered")
        body = "<!doctype html><title>500</title><p>服务器出错 · Server error</p>"
    return HttpResponse(body, status=status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token (usually one left open too long)."""
    return error_page(request, 403, _("表单已过期或来源无法确认。请刷新页面后重新提交。"))
