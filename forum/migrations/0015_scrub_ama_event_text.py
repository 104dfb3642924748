"""Data migration: AMA event rows written before the id-only event log lose their text.

Before the log kept ids only, each `ama_events` row held the whole payload: a question's text
and its author's name, an answer's text. Replay no longer reads them, but they stayed stored.
`scrub` rewrites every such row to its integer ids, on SQLite and PostgreSQL, in batches by id;
rows already id-only are left alone, so running it again changes nothing. Frozen here as
written (no live code imported): a migration must mean the same thing forever.
"""

import json
from typing import Any

from tortoise import migrations
from tortoise.migrations import operations as ops


def _ids_only(data: dict[str, Any]) -> dict[str, Any]:
    """The part of an event payload the log keeps: its integer ids (``id``, ``question_id``...)."""
    return {
        k: v for k, v in data.items() if (k == "id" or k.endswith("_id")) and isinstance(v, int)
    }


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
    update = (
        "UPDATE ama_events SET data = $1::jsonb WHERE id = $2"
        if postgres
        else "UPDATE ama_events SET data = ? WHERE id = ?"
    )
    select = (
        "SELECT id, data FROM ama_events WHERE id > $1 ORDER BY id LIMIT $2"
        if postgres
        else "SELECT id, data FROM ama_events WHERE id > ? ORDER BY id LIMIT ?"
    )
    changed, last = 0, 0
    while True:
        _, rows = await client.execute_query(select, [last, BATCH])
        if not rows:
            return changed
        for row in rows:
            last = row["id"]
            data = _as_dict(row["data"])
            kept = _ids_only(data) if data is not None else {}
            if data != kept:
                await client.execute_query(update, [json.dumps(kept), row["id"]])
                changed += 1


async def scrub_event_text(apps: Any, schema_editor: Any) -> None:
    """RunPython entry point."""
    await scrub(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [("crossroads", "0014_reserved_and_lookalike_names")]

    initial = False

    operations = [
        ops.RunPython(scrub_event_text),
    ]
