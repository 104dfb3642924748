from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

from forum.db import nullable_text

# Each foreign key `x` has an `x_id: int` attribute (the column's value, set on every instance
# Tortoise loads or creates): declared below without a field, so the type checker knows it.


class Path(StrEnum):
    STAYING = "staying"
    LEAVING = "leaving"
    UNDECIDED = "undecided"


ROLES = ("moderator", "therapist", "admin")


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=30)
    # Case-insensitive uniqueness without relying on database collations.
    username_key = fields.CharField(max_length=30, unique=True)
    password_hash = fields.CharField(max_length=255)
    path = fields.CharEnumField(Path, max_length=12, default=Path.UNDECIDED)
    roles: fields.JSONField[list[str]] = fields.JSONField(default=list)
    credential = fields.CharField(max_length=80, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    path_changed_at = fields.DatetimeField(null=True)
    # Posts that have been published; moderation uses it for new-member review.
    published_posts = fields.IntField(default=0)
    silenced_until = fields.DatetimeField(null=True)
    silence_reason = nullable_text()
    suspended_until = fields.DatetimeField(null=True)
    suspension_reason = nullable_text()
    deleted_at = fields.DatetimeField(null=True)
    # ISO 3166-1 alpha-2, chosen by the member (account page, PATCH /me): their crisis lines come
    # first. Null: the browser's Accept-Language decides, request by request. Never from an address.
    country = fields.CharField(max_length=2, null=True)
    # IANA name (e.g. "Europe/Lisbon") pages show times in; null until chosen or guessed by the browser.
    time_zone = fields.CharField(max_length=64, null=True)
    # forum.accounts.names.name_key: lookalike names share it (null for deleted accounts).
    name_key = fields.CharField(max_length=120, null=True, db_index=True)

    class Meta:
        table = "users"

    def has_role(self, role: str) -> bool:
        return role in (self.roles or [])

    @property
    def is_moderator(self) -> bool:
        return self.has_role("moderator") or self.has_role("admin")

    @property
    def is_admin(self) -> bool:
        return self.has_role("admin")

    @property
    def badges(self) -> list[str]:
        return badges_for(self.roles, self.credential)


def badges_for(roles: list[str] | None, credential: str | None) -> list[str]:
    """What shows beside a name: a verified therapist's credential, moderator."""
    roles = roles or []
    badges = []
    if "therapist" in roles:
        badges.append(f"therapist: {credential}" if credential else "therapist")
    if "moderator" in roles or "admin" in roles:
        badges.append("moderator")
    return badges


class PathChange(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="path_changes", on_delete=fields.CASCADE
    )
    user_id: int
    old_path = fields.CharField(max_length=12)
    new_path = fields.CharField(max_length=12)
    changed_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "path_changes"


class Session(Model):
    """A signed-in browser. The cookie holds a random key, and only its hash is stored."""

    id = fields.IntField(primary_key=True)
    key_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="sessions", on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "sessions"


class ApiToken(Model):
    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="tokens", on_delete=fields.CASCADE
    )
    user_id: int
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_tokens"


class Notification(Model):
    """An in-app notice to one member (a held post, a decision, a reply).

    It references its subject (``subject_type`` + ``subject_id``) and is rendered for its reader
    when shown (forum.accounts.notifications): ``message`` is a code-written template, ``params``
    hold values that name no content, ``link`` is only for notices without a subject.
    """

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="notifications", on_delete=fields.CASCADE
    )
    user_id: int
    kind = fields.CharField(max_length=40)
    message = fields.TextField()
    link = fields.CharField(max_length=200, null=True)
    subject_type = fields.CharField(max_length=20, null=True)
    subject_id = fields.IntField(null=True)
    params: fields.JSONField[dict[str, Any] | None] = fields.JSONField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notifications"
        indexes = (("user_id", "id"),)


class ReservedName(Model):
    """A deleted member's pseudonym (by its lookalike key), closed to new accounts until ``until``."""

    id = fields.IntField(primary_key=True)
    name_key = fields.CharField(max_length=120, db_index=True)
    until = fields.DatetimeField()

    class Meta:
        table = "reserved_names"


class IdempotencyKey(Model):
    """One create request a member made with an `Idempotency-Key` (forum/idempotency.py).

    A page form's one-time token is kept here too, as key `form:<token>`.

    Inserted before the create runs (the unique (user, key) row is the claim a concurrent twin
    waits on). `committed` is set inside the create's own transaction, `status`/`response` once
    the answer is known. Rows older than 24 hours are replaced by a new request with the key.
    """

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "crossroads.User", related_name="idempotency_keys", on_delete=fields.CASCADE
    )
    user_id: int
    key = fields.CharField(max_length=255)
    request_hash = fields.CharField(max_length=64)
    claimed_at = fields.DatetimeField()
    committed = fields.BooleanField(default=False)
    status = fields.IntField(null=True)
    response = nullable_text()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "idempotency_keys"
        unique_together = (("user_id", "key"),)
