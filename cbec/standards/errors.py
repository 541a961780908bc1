"""Errors of the standards app, in the platform's one tree (`cbec.errors`).

Outside the `actions` package so that `versions.py`, which `actions.authoring` builds on,
can raise them without importing the verbs.
"""

from __future__ import annotations

from cbec.errors import Conflict


class ImmutableVersionError(Conflict, ValueError):
    """A version that is not a draft was asked to change (or a version number is taken).

    A `Conflict` (409); still a `ValueError` for callers written before the one tree. The
    message may be a stored message (cbec.lib.said): `str()` gives it in the active language.
    """
