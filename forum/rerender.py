"""`crossroads rerender`: bring stored HTML up to the current renderer, in small steps.

Posts keep the HTML rendered when they were written, with the ``render_version`` of the
renderer that made it (`forum.text.RENDER_VERSION`). After a change to the renderer (a
sanitiser fix, a new Markdown rule) the version is bumped and this command re-renders
every post whose version is older:

- in batches of ``batch`` posts, by ascending id (an index range, never a full scan
  held open);
- each post is written by its own short UPDATE that applies only if the post still has
  the text and version that were read, so an edit made meanwhile (already rendered by the
  new code) is never overwritten, and no lock is held across a batch;
- resumable: what is done is recorded on the rows themselves (``render_version``), so
  stopping (Ctrl-C, a deploy) and running the command again carries on where it stopped;
- rendering runs in the worker pool under its CPU budget (`forum.text.render`); a text
  over the budget keeps its old HTML and is counted as ``too_complex``.

``everything=True`` (``--all``) also re-renders every AMA description, question and answer
(these have no version column: all of them, each guarded the same way) and every post
whatever its version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from forum.amas.models import Ama, AmaAnswer, AmaQuestion
from forum.errors import CrossroadsError
from forum.text import RENDER_VERSION, render
from forum.threads.models import Post


@dataclass
class Progress:
    kind: str
    total: int
    done: int = 0
    changed: int = 0
    skipped: int = 0  # edited (or deleted) while we worked: left to the newer write
    too_complex: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


async def _rerender(
    model: Any,
    kind: str,
    text_field: str,
    html_field: str,
    *,
    filters: dict[str, Any],
    set_version: bool,
    batch: int,
    report: Callable[[Progress], None],
) -> Progress:
    progress = Progress(kind, await model.filter(**filters).count())
    report(progress)
    after = 0
    while True:
        rows = (
            await model.filter(id__gt=after, **filters)
            .order_by("id")
            .limit(batch)
            .values("id", text_field, html_field)
        )
        if not rows:
            break
        for row in rows:
            after = row["id"]
            try:
                html = await render(row[text_field] or "")
            except CrossroadsError:  # over the CPU budget (TooComplexError): keep what is stored
                progress.too_complex += 1
                progress.done += 1
                continue
            updates: dict[str, Any] = {html_field: html}
            if set_version:
                updates["render_version"] = RENDER_VERSION
            if html == row[html_field] and not set_version:
                progress.done += 1
                continue
            # Only if nobody changed the text meanwhile (their write rendered it with this code).
            guard = {"id": row["id"], text_field: row[text_field], **filters}
            written = await model.filter(**guard).update(**updates)
            progress.done += 1
            if written:
                progress.changed += int(html != row[html_field])
            else:
                progress.skipped += 1
        report(progress)
    return progress


async def rerender(
    *,
    batch: int = 200,
    everything: bool = False,
    report: Callable[[Progress], None] = lambda p: None,
) -> list[Progress]:
    """Re-render stored texts (see the module docstring); returns one Progress per kind."""
    results = [
        await _rerender(
            Post,
            "posts",
            "body_md",
            "body_html",
            filters={} if everything else {"render_version__lt": RENDER_VERSION},
            set_version=True,
            batch=batch,
            report=report,
        )
    ]
    if everything:
        for model, kind, text_field, html_field in (
            (Ama, "AMA descriptions", "description", "description_html"),
            (AmaQuestion, "AMA questions", "body_md", "body_html"),
            (AmaAnswer, "AMA answers", "body_md", "body_html"),
        ):
            results.append(
                await _rerender(
                    model,
                    kind,
                    text_field,
                    html_field,
                    filters={},
                    set_version=False,
                    batch=batch,
                    report=report,
                )
            )
    return results
