from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from forum.db import nullable_text

if TYPE_CHECKING:
    from forum.accounts.models import User
    from forum.spaces.models import Space


# Each foreign key `x` has an `x_id: int` attribute (the column's value, set on every instance
# Tortoise loads or creates): declared below without a field, so the type checker knows it.


class PostStatus(StrEnum):
    PUBLISHED = "published"
    PENDING = "pending"
    REMOVED = "removed"


class Thread(Model):
    id = fields.IntField(primary_key=True)
    space: fields.ForeignKeyRelation[Space] = fields.ForeignKeyField(
        "crossroads.Space", related_name="threads"
    )
    space_id: int
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="threads"
    )
    author_id: int
    title = fields.CharField(max_length=150)
    # Follows the first post: a held first post holds the whole thread.
    status = fields.CharEnumField(PostStatus, max_length=12, default=PostStatus.PUBLISHED)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_post_at = fields.DatetimeField()
    # Published replies (the first post is not a reply). Updated in SQL, never read-modify-write.
    reply_count = fields.IntField(default=0)
    # The opening post was deleted or removed: the title shown is a neutral placeholder, no author.
    opening_removed = fields.BooleanField(default=False)

    class Meta:
        table = "threads"
        indexes = (("space_id", "status", "last_post_at", "id"),)


class Post(Model):
    id = fields.IntField(primary_key=True)
    thread: fields.ForeignKeyRelation[Thread] = fields.ForeignKeyField(
        "crossroads.Thread", related_name="posts"
    )
    thread_id: int
    author: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="posts"
    )
    author_id: int
    is_first = fields.BooleanField(default=False)
    body_md = fields.TextField()
    body_html = fields.TextField()
    render_version = fields.IntField()
    status = fields.CharEnumField(PostStatus, max_length=12, default=PostStatus.PUBLISHED)
    # Why it is held or removed, in words the author may read.
    status_reason = nullable_text()
    deleted_by_author = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    edited_at = fields.DatetimeField(null=True)
    # When it was first shown to readers; null for a post nobody but its author and moderators saw
    # (held, then rejected or deleted): such a post leaves no placeholder for readers.
    published_at = fields.DatetimeField(null=True)
    # Optimistic concurrency: every change of the text or state adds one, in the same UPDATE
    # whose WHERE names the version the writer read (compare-and-set). A stale writer gets 409.
    version = fields.IntField(default=1)

    class Meta:
        table = "posts"
        indexes = (("thread_id", "id"), ("author_id", "id"))


class PostRevision(Model):
    """The text a post had before an edit."""

    id = fields.IntField(primary_key=True)
    post: fields.ForeignKeyRelation[Post] = fields.ForeignKeyField(
        "crossroads.Post", related_name="revisions", on_delete=fields.CASCADE
    )
    post_id: int
    editor: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="revisions_made"
    )
    editor_id: int
    body_md = fields.TextField()
    body_html = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "post_revisions"
        indexes = (("post_id", "id"),)
