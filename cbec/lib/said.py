"""Messages written down now and shown later in the reader's language.

A row quarantined by a command-line import is read on the web page by someone who chose
Chinese, and through the API by a client that asked for English; the text cannot be translated
when it is written. So a stored message keeps its msgid and parameters (one line: `said:` and
JSON) and is translated when shown. Msgids are Chinese, marked with `gettext_noop` at the place
that says them so `makemessages` collects them.

The pure cores that say things (readers, normalisers) need no Django settings for this:
`say` only builds a string.
"""

from __future__ import annotations

import json
import os
from typing import Any

from django.utils import translation

PREFIX = "said:"
MAX_PARAM = 120  # characters; a parameter quotes the input, which may be a 10 MB cell


def say(msgid: str, **params: Any) -> str:
    """The stored form of `msgid % params`; parameters are cut to MAX_PARAM characters."""
    short = {k: _short(v) for k, v in params.items()}
    return PREFIX + json.dumps([msgid, short], ensure_ascii=False, separators=(",", ":"))


def _short(value: Any) -> Any:
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(PREFIX):  # a message inside a message: kept whole, shown in turn
        return _parsed(text)
    return text if len(text) <= MAX_PARAM else text[: MAX_PARAM - 1] + "…"


def _parsed(text: str) -> Any:
    try:
        return json.loads(text[len(PREFIX) :])
    except ValueError:
        return text


def shown(text: str, language: str | None = None) -> str:
    """`text` in the active language (or `language`); text not made by `say` is returned as is,
    so messages stored before this existed still read."""
    if not text.startswith(PREFIX):
        return text
    parsed = _parsed(text)
    if not _is_message(parsed):
        return text
    msgid, params = parsed
    if language is not None:
        with translation.override(language):
            return _render(msgid, params)
    return _render(msgid, params)


def _render(msgid: str, params: dict[str, Any]) -> str:
    words = translation.gettext(msgid)
    nested = {k: _render(*v) if _is_message(v) else v for k, v in params.items()}
    try:
        return words % nested if nested else words
    except (KeyError, TypeError, ValueError):
        return f"{words} {nested}"


def _is_message(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], str)
        and isinstance(value[1], dict)
    )


class SaidError(ValueError):
    """An error whose message is a `say` string; `str()` gives it in the active language."""

    def __init__(self, said: str) -> None:
        super().__init__(said)
        self.said = said

    def __str__(self) -> str:
        return shown(self.said)


def terminal_language() -> str:
    """The language for command-line output: Chinese when the locale says so, else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "zh-hans" if value.lower().startswith("zh") else "en"
    return "en"
