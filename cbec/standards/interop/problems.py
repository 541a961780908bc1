"""Located problems of interchange files, in the style of the catalog's CatalogProblem.

Every problem names the file, where in it (a JSON path, `sheet!C12`, `line 40`) and the field,
so the person who must fix the file can find the spot without reading code.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from cbec.errors import InvalidInput
from cbec.lib.said import say, shown
from cbec.standards.catalog.specs import CatalogError, CatalogProblem

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Identifiers that are not UUIDs are mapped to stable UUIDs inside this namespace.
INTEROP_NAMESPACE = uuid.UUID("6f1d3c52-8a0e-4a57-9c43-3b1e0f6f2c11")


@dataclass(frozen=True)
class Problem:
    file: str
    location: str
    field: str
    message: str  # a stored message (cbec.lib.said): shown in the reader's language

    def text(self, language: str | None = None) -> str:
        """The whole problem as one line, in the active language (or `language`)."""
        where = f"{self.file}:{self.location}" if self.location else self.file
        message = shown(self.message, language)
        return f"{where}: {self.field}: {message}" if self.field else f"{where}: {message}"

    def __str__(self) -> str:
        return self.text()

    def as_dict(self, language: str | None = None) -> dict[str, str]:
        return {
            "file": self.file,
            "location": self.location,
            "field": self.field,
            "message": shown(self.message, language),
        }


class InterchangeError(InvalidInput):
    """A file cannot be imported; carries every problem found, not just the first.

    `str()` lists the problems in the active language, when it is called."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("", details=problems)

    def text(self, language: str | None = None) -> str:
        return "\n".join(p.text(language) for p in self.problems)

    def __str__(self) -> str:
        return self.text()


def from_catalog_error(exc: CatalogError, file: str) -> InterchangeError:
    return InterchangeError([_from_catalog(p, file) for p in exc.problems])


def _from_catalog(p: CatalogProblem, file: str) -> Problem:
    return Problem(file, f"line {p.line}" if p.line else "", p.field, p.message)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def stable_uuid(value: str, scope: str = "") -> str:
    """`value` itself when it is a UUID, else a UUID derived from it (and its scope)."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return str(uuid.uuid5(INTEROP_NAMESPACE, f"{scope}/{value}"))


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def decode_text(data: bytes, file: str, encoding: str = "utf-8") -> str:
    """Decode `data`, naming line and byte of the first bad byte and guessing GB18030."""
    try:
        return data.decode("utf-8-sig" if encoding.lower() in {"utf-8", "utf8"} else encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msgid = gettext_noop("不是 %(encoding)s 编码：偏移 %(offset)s 处有字节 %(byte)s")
        try:
            data.decode("gb18030")
            msgid = gettext_noop(
                "不是 %(encoding)s 编码：偏移 %(offset)s 处有字节 %(byte)s；看起来是 GBK/GB18030 "
                "编码：请另存为 UTF-8（或加上 --encoding gb18030）"
            )
        except UnicodeDecodeError:
            pass
        byte = f"0x{data[exc.start]:02x}"
        message = say(msgid, encoding=encoding, offset=exc.start, byte=byte)
        raise InterchangeError([Problem(file, f"line {line}", "encoding", message)]) from exc
