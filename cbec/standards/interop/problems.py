"""Located problems of interchange files, in the style of the catalog's CatalogProblem.

Every problem names the file, where in it (a JSON path, `sheet!C12`, `line 40`) and the field,
so the person who must fix the file can find the spot without reading code.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from cbec.standards.catalog.specs import CatalogError, CatalogProblem

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Identifiers that are not UUIDs are mapped to stable UUIDs inside this namespace.
INTEROP_NAMESPACE = uuid.UUID("6f1d3c52-8a0e-4a57-9c43-3b1e0f6f2c11")


@dataclass(frozen=True)
class Problem:
    file: str
    location: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.location}" if self.location else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "file": self.file,
            "location": self.location,
            "field": self.field,
            "message": self.message,
        }


class InterchangeError(ValueError):
    """A file cannot be imported; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


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
        hint = ""
        try:
            data.decode("gb18030")
            hint = "; it looks like GBK/GB18030: save it as UTF-8 (or pass --encoding gb18030)"
        except UnicodeDecodeError:
            pass
        message = f"not {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start}{hint}"
        raise InterchangeError([Problem(file, f"line {line}", "encoding", message)]) from exc
