"""Drafts' contract: a draft's text (kept as typed, blank allowed), a preview's, and a draft as
the API shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

from pydantic import Field

from forum.contracts import SEVERAL, Input, Output, checked
from forum.text import check_text
from forum.threads.schemas import BODY_MAX, TITLE_MAX, Body


def _draft_body(value: str) -> str:
    return check_text(value, "body", BODY_MAX, multiline=True, blank_ok=True)


def _draft_title(value: str | None) -> str | None:
    return check_text(value, "title", TITLE_MAX, blank_ok=True) or None


class DraftText(Input):
    """PUT /drafts/{key}, and the pages' autosave (POST /drafts/save): what is typed so far.
    Blank is allowed (a draft of nothing yet); the limits are a post's."""

    summary: ClassVar[str | None] = SEVERAL
    body: Annotated[
        str, Field(description=f"Markdown, at most {BODY_MAX:,} characters"), checked(_draft_body)
    ]
    title: Annotated[
        str | None,
        Field(description="a new thread's title, if any"),
        checked(_draft_title),
    ] = None


class DraftSave(DraftText):
    """The pages' autosave: the draft's key comes in the form (POST /drafts/save)."""

    key: str = ""
    end_session: str = ""


class Preview(Input):
    """POST /preview, and the forms' Preview button: Markdown to render as a post would be."""

    body: Body


# --------------------------------------------------------------------------- outputs


class Draft(Output):
    """A draft kept on the server."""

    key: str
    body: str
    title: str | None
    updated_at: datetime


class OneDraft(Output):
    """`{draft}`."""

    draft: Draft


class Rendered(Output):
    """`{body_html}`: a preview."""

    body_html: str
