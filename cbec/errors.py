"""The platform's one exception tree. Business verbs raise these; views, the API and the CLI
translate them (styled 400/403/404/409 pages, the API's error shape, a CLI message).

A message is a `say` string (`cbec.lib.said`) or plain text: `str()` shows it in the active
language, so the same error reads in Chinese on a Chinese page and in English through the API
asked in English. `field` names the request field (or file location) at fault, when there is one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from cbec.lib.said import shown


class CbecError(Exception):
    """Base of every expected failure of a business verb."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "error"

    def __init__(self, message: str = "", *, field: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details

    def __str__(self) -> str:
        return shown(self.message)


class NotAllowed(CbecError, PermissionError):
    """The actor may not do this (checked by `cbec.accounts.roles.require`)."""

    status = 403
    code = "forbidden"


class InvalidInput(CbecError, ValueError):
    """The input is malformed or does not fit; `field` says which request field."""

    status = 400
    code = "invalid_input"


class Conflict(CbecError):
    """The thing is not in a state that allows this step (already published, closed, edited by
    someone else since it was read)."""

    status = 409
    code = "conflict"


class NotFound(CbecError, LookupError):
    status = 404
    code = "not_found"
