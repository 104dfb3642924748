"""Data migration: AMA event rows written before the id-only event log lose their text.

Before the log kept ids only (forum.events.reference), each `ama_events` row held the whole
payload: a question's text and its author's name, an answer's text. Replay no longer reads
them, but they stayed stored. `scrub_event_log` rewrites every such row to its reference (its
integer ids), on SQLite and PostgreSQL, in batches by id; rows already id-only are left alone,
so running it again changes nothing.
"""

from __future__ import annotations

import json
from typing import Any

from forum.events import reference

BATCH = 500


def _as_dict(value: Any) -> dict[str, Any] | None:
    if isinstance(value, dict):
        return value
    if isinstance(value, (str, bytes)):
        try:
            loaded = json.loads(value)
        except ValueError:
            return None
        return loaded if isinstance(loaded, dict) else None
    return None


async def scrub(client: Any) -> int:
    """Rewrite every ama_events row that holds more than ids; returns how many rows changed.

    `client` is a Tortoise connection (the migration's `schema_editor.client`). A row whose data
    is not a JSON object is replaced by `{}` (replay shows it as expired)."""
    postgres = client.capabilities.dialect == "postgres"
    update = ("UPDATE ama_events SET data = $1::jsonb WHERE id = $2" if postgres
              else "UPDATE ama_events SET data = ? WHERE id = ?")
    select = ("SELECT id, data FROM ama_events WHERE id > $1 ORDER BY id LIMIT $2" if postgres
              else "SELECT id, data FROM ama_events WHERE id > ? ORDER BY id LIMIT ?")
    changed, last = 0, 0
    while True:
        _, rows = await client.execute_query(select, [last, BATCH])
        if not rows:
            return changed
        for row in rows:
            last = row["id"]
            data = _as_dict(row["data"])
            kept = reference(data) if data is not None else {}
            if data != kept:
                await client.execute_query(update, [json.dumps(kept), row["id"]])
                changed += 1


async def migrate(apps: Any, schema_editor: Any) -> None:
    """RunPython entry point for the migration."""
    await scrub(schema_editor.client)
