"""Business verbs of the standards app. Each runs in one transaction and writes the audit log.

By business area:

- `catalog` — `load_catalog` (the built-in catalog, idempotent upserts);
- `authoring` — `create_draft_framework`, `add_item`, `publish_framework`;
- `interchange` — `import_framework` (CASE, ESCO), `import_workbook` (Excel by item code);
- `content` — what catalog and interchange share: `framework_content_hash`,
  `write_framework_content` (no verb of its own).

Errors are the platform's (`cbec.errors`); `ImmutableVersionError` is a `Conflict` kept in
`cbec.standards.errors`. Every public name is re-exported here, so callers import
`from cbec.standards.actions import …`. New versions are in `cbec.standards.versions`.
"""

from cbec.errors import NotAllowed
from cbec.standards.actions.authoring import add_item, create_draft_framework, publish_framework
from cbec.standards.actions.catalog import LoadReport, load_catalog
from cbec.standards.actions.content import framework_content_hash, write_framework_content
from cbec.standards.actions.interchange import (
    ImportResult,
    WorkbookResult,
    import_framework,
    import_workbook,
)
from cbec.standards.errors import ImmutableVersionError

__all__ = [
    "ImmutableVersionError",
    "ImportResult",
    "LoadReport",
    "NotAllowed",
    "WorkbookResult",
    "add_item",
    "create_draft_framework",
    "framework_content_hash",
    "import_framework",
    "import_workbook",
    "load_catalog",
    "publish_framework",
    "write_framework_content",
]
