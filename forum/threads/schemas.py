"""Threads' and posts' contract: what starting a thread, replying and editing take, and threads,
posts and revisions as the API shows them. Both skins parse into the inputs
(forum.contracts.parse); forum.threads.actions takes them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

from pydantic import ConfigDict, Field

from forum.contracts import (
    SEVERAL,
    CrisisLine,
    Input,
    Output,
    PageQuery,
    Says,
    checked,
    checked_before,
    flag,
)
from forum.errors import ValidationError
from forum.text import check_text

TITLE_MAX, BODY_MAX = 150, 20_000
VERSION_RULE = "version must be the post's version number, as you read it."


def check_title(value: str) -> str:
    """A thread's title: one line, at most `TITLE_MAX` characters (forum.text.clean_text)."""
    return check_text(value, "title", TITLE_MAX, multiline=False)


def check_body(value: str) -> str:
    """A post's Markdown: at most `BODY_MAX` characters (forum.text.clean_text)."""
    return check_text(value, "body", BODY_MAX, multiline=True)


def check_version(value: Any) -> int | None:
    """The `version` a client read (API field, hidden form field): absent, or a positive integer.
    Raises ValidationError (field `version`)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        value = None
    elif isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < 1 or value > 2**31 - 1:
        raise ValidationError(VERSION_RULE, fields={"version": VERSION_RULE})
    return value


Title = Annotated[
    str, Field(description=f"one line, at most {TITLE_MAX} characters"), checked(check_title)
]
Body = Annotated[
    str, Field(description=f"Markdown, at most {BODY_MAX:,} characters"), checked(check_body)
]
Version = Annotated[
    int | None,
    Field(ge=1, description="the `post.version` you read"),
    Says(wrong=VERSION_RULE),
    checked_before(check_version),
]


class NewThread(Input):
    """POST /spaces/{slug}/threads, and the page's new-thread form."""

    summary: ClassVar[str | None] = SEVERAL
    screen_as: ClassVar[str | None] = "thread"
    title: Title
    body: Body


class NewPost(Input):
    """POST /threads/{id}/posts, and the thread page's reply form."""

    summary: ClassVar[str | None] = SEVERAL
    screen_as: ClassVar[str | None] = "post"
    body: Body


class PostEdit(Input):
    """PATCH /posts/{id}, and the edit page: the new text and the version it replaces (without
    it, the version the request read: an edit never silently drops one that landed meanwhile)."""

    summary: ClassVar[str | None] = SEVERAL
    screen_as: ClassVar[str | None] = "edit"
    body: Body
    version: Version = None


class ThreadListQuery(PageQuery):
    """GET /spaces/{slug}/threads."""

    unanswered: Annotated[
        bool,
        Field(description="only threads nobody has answered yet"),
        flag("unanswered must be true or false."),
    ] = False


class ThreadPageQuery(PageQuery):
    """GET /threads/{id}: a page after `cursor`, before `before`, or the `last` one."""

    before: str | None = Field(default=None, description="page before this cursor")
    last: Annotated[
        bool, Field(description="the last page"), flag("last must be true or false.")
    ] = False


# --------------------------------------------------------------------------- outputs

Status = Literal["published", "pending", "removed"]


class Author(Output):
    """Who wrote a post: "former member" once the account is deleted."""

    username: str
    badges: list[str]


class Post(Output):
    """A post as its reader may see it."""

    model_config = ConfigDict(extra="allow")  # a feature may add its own (reactions do)

    id: int
    thread_id: int
    author: Author
    body_html: str
    status: Status
    status_reason: str | None = Field(
        default=None, description="why held or removed (author and moderators)"
    )
    is_first: bool | None = Field(default=None, description="the thread's opening post")
    mine: bool | None = Field(default=None, description="you wrote it")
    reactions: dict[str, int] | None = Field(
        default=None, description="count per reaction kind (strength, been-there, thank-you)"
    )
    my_reactions: list[str] | None = Field(default=None, description="the kinds you gave")
    reacted_by: dict[str, list[str]] | None = Field(
        default=None, description="who gave each kind: only on your own posts"
    )
    created_at: datetime
    edited_at: datetime | None
    version: int = Field(
        ge=1, description="grows by one with every change; send it back as `version` with PATCH"
    )


class Thread(Output):
    """A thread, with the reader's own state of it when read by a member."""

    id: int
    space: str
    title: str
    author: str | None
    status: str | None = None
    created_at: datetime
    last_post_at: datetime
    reply_count: int
    following: bool | None = Field(default=None, description="you hear of every reply")
    muted: bool | None = Field(default=None, description="you hear nothing of this thread")
    unread_count: int | None = Field(default=None, description="posts by others you have not read")
    first_unread_post_id: int | None = Field(default=None, description="where to resume reading")


class ThreadSummary(Output):
    """A thread in a space's list."""

    model_config = ConfigDict(extra="allow")  # a list's own keys (e.g. its cursor's)

    id: int
    title: str
    author: str | None
    status: Status | None = None
    created_at: datetime
    last_post_at: datetime
    reply_count: int
    excerpt: str | None = Field(
        default=None, description="the start of the first post, as plain text"
    )
    last_poster: str | None = Field(default=None, description="who wrote the latest reply")
    following: bool | None = None
    unread_count: int | None = Field(default=None, description="posts by others you have not read")
    first_unread_post_id: int | None = None


class Revision(Output):
    """An earlier text of a post, and who replaced it."""

    id: int
    body_html: str
    created_at: datetime
    editor: str


class PostPage(Output):
    """A page of a thread's posts (`prev_cursor`: the page before, if any)."""

    items: list[Post]
    next_cursor: str | None
    prev_cursor: str | None = None


class ThreadWithPosts(Output):
    """GET /threads/{id}."""

    thread: Thread
    posts: PostPage


class Written(Output):
    """What a write answers: the post (and the thread it started), with crisis lines when the
    text read as crisis (forum.screening)."""

    thread: Thread | None = None
    post: Post
    crisis_resources: list[CrisisLine] | None = None


class NewThreadWritten(Written):
    """POST /spaces/{slug}/threads: the thread and its first post."""

    thread: Thread


class OnePost(Output):
    """`{post}`."""

    post: Post


class Revisions(Output):
    """A post's edit history, newest first."""

    items: list[Revision]
