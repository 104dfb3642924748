import functools
from enum import StrEnum
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

# The enums as they were when this migration was written, frozen here: a migration must mean the
# same thing forever, whatever the live models' enums become.


class ApplicationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    REVOKED = "revoked"


class Audience(StrEnum):
    STAYING = "staying"
    LEAVING = "leaving"
    BOTH = "both"


class Format(StrEnum):
    IN_PERSON = "in-person"
    ONLINE = "online"
    HYBRID = "hybrid"


class ItemStatus(StrEnum):
    OPEN = "open"
    ESCALATED = "escalated"
    RESOLVED = "resolved"


class Kind(StrEnum):
    WORKSHOP = "workshop"
    RETREAT = "retreat"
    PROGRAM = "program"
    SUPPORT_GROUP = "support-group"
    PRACTICE = "practice"
    COUNSELOR = "counselor"
    MEDIATOR = "mediator"
    FINANCIAL_ADVISER = "financial-adviser"
    ATTORNEY = "attorney"
    HOTLINE = "hotline"


class Path(StrEnum):
    STAYING = "staying"
    LEAVING = "leaving"
    UNDECIDED = "undecided"


class PostStatus(StrEnum):
    PUBLISHED = "published"
    PENDING = "pending"
    REMOVED = "removed"


class QuestionStatus(StrEnum):
    PUBLISHED = "published"
    PENDING = "pending"
    WITHDRAWN = "withdrawn"
    REMOVED = "removed"


class State(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    BROKEN = "broken"


class SuggestionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="AmaEvent",
            fields=[
                (
                    "id",
                    fields.BigIntField(
                        generated=True, primary_key=True, unique=True, db_index=True
                    ),
                ),
                ("ama_id", fields.IntField()),
                ("seq", fields.IntField()),
                ("kind", fields.CharField(max_length=20)),
                (
                    "data",
                    fields.JSONField(
                        encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "ama_events",
                "app": "crossroads",
                "unique_together": (("ama_id", "seq"),),
                "pk_attr": "id",
                "table_description": "The live log of an AMA: seq (1, 2, 3 per AMA, in commit order) is the SSE id replayed after Last-Event-ID.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Space",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("slug", fields.CharField(unique=True, max_length=40)),
                ("name", fields.CharField(max_length=80)),
                ("description", fields.TextField(unique=False)),
                ("guidelines", fields.TextField(unique=False)),
                ("audience", fields.CharField(null=True, max_length=12)),
                ("position", fields.IntField(default=0)),
            ],
            options={"table": "spaces", "app": "crossroads", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="User",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("username", fields.CharField(max_length=30)),
                ("username_key", fields.CharField(unique=True, max_length=30)),
                ("password_hash", fields.CharField(max_length=255)),
                (
                    "path",
                    fields.CharEnumField(
                        default=Path.UNDECIDED,
                        description="STAYING: staying\nLEAVING: leaving\nUNDECIDED: undecided",
                        enum_type=Path,
                        max_length=12,
                    ),
                ),
                (
                    "roles",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("credential", fields.CharField(null=True, max_length=80)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "path_changed_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("published_posts", fields.IntField(default=0)),
                (
                    "silenced_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("silence_reason", fields.TextField(null=True, unique=False)),
                (
                    "suspended_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("suspension_reason", fields.TextField(null=True, unique=False)),
                ("deleted_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={"table": "users", "app": "crossroads", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Ama",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("title", fields.CharField(max_length=150)),
                ("description", fields.TextField(unique=False)),
                ("description_html", fields.TextField(unique=False)),
                (
                    "host",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="host_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="hosted_amas",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "space",
                    fields.ForeignKeyField(
                        "crossroads.Space",
                        source_field="space_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="amas",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("starts_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("ends_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="created_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="scheduled_amas",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("event_seq", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "amas",
                "app": "crossroads",
                "indexes": [Index(fields=["starts_at", "id"]), Index(fields=["ends_at", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AmaQuestion",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "ama",
                    fields.ForeignKeyField(
                        "crossroads.Ama",
                        source_field="ama_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="questions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="ama_questions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("body_md", fields.TextField(unique=False)),
                ("body_html", fields.TextField(unique=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=QuestionStatus.PUBLISHED,
                        description="PUBLISHED: published\nPENDING: pending\nWITHDRAWN: withdrawn\nREMOVED: removed",
                        enum_type=QuestionStatus,
                        max_length=10,
                    ),
                ),
                ("status_reason", fields.TextField(null=True, unique=False)),
                ("vote_count", fields.IntField(default=0)),
                ("answer_count", fields.IntField(default=0)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "ama_questions",
                "app": "crossroads",
                "indexes": [
                    Index(fields=["ama_id", "vote_count", "id"]),
                    Index(fields=["ama_id", "id"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AmaAnswer",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "question",
                    fields.ForeignKeyField(
                        "crossroads.AmaQuestion",
                        source_field="question_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="answers",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="ama_answers",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("body_md", fields.TextField(unique=False)),
                ("body_html", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "ama_answers",
                "app": "crossroads",
                "indexes": [Index(fields=["question_id", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AmaVote",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "question",
                    fields.ForeignKeyField(
                        "crossroads.AmaQuestion",
                        source_field="question_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="votes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="ama_votes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "ama_votes",
                "app": "crossroads",
                "unique_together": (("question_id", "user_id"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ApiToken",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={"table": "api_tokens", "app": "crossroads", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="notifications",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("kind", fields.CharField(max_length=40)),
                ("message", fields.TextField(unique=False)),
                ("link", fields.CharField(null=True, max_length=200)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("read_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "notifications",
                "app": "crossroads",
                "indexes": [Index(fields=["user_id", "id"])],
                "pk_attr": "id",
                "table_description": "An in-app message to one member (a held post, a decision, a reply).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PathChange",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="path_changes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("old_path", fields.CharField(max_length=12)),
                ("new_path", fields.CharField(max_length=12)),
                ("changed_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "path_changes", "app": "crossroads", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="QueueItem",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("kind", fields.CharField(max_length=40)),
                ("subject_type", fields.CharField(max_length=40)),
                ("subject_id", fields.IntField()),
                ("open_key", fields.CharField(null=True, unique=True, max_length=100)),
                ("space_slug", fields.CharField(null=True, max_length=60)),
                (
                    "author",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="author_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="moderation_items",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "reasons",
                    fields.JSONField(
                        default=list,
                        encoder=functools.partial(dumps, separators=(",", ":")),
                        decoder=loads,
                    ),
                ),
                ("priority", fields.IntField(default=10)),
                (
                    "status",
                    fields.CharEnumField(
                        default=ItemStatus.OPEN,
                        description="OPEN: open\nESCALATED: escalated\nRESOLVED: resolved",
                        enum_type=ItemStatus,
                        max_length=12,
                    ),
                ),
                ("crisis", fields.BooleanField(default=False)),
                ("note", fields.TextField(default="", unique=False)),
                (
                    "claimed_by",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="claimed_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="moderation_claims",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "claimed_until",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("resolution", fields.CharField(null=True, max_length=40)),
                ("resolution_note", fields.TextField(default="", unique=False)),
                (
                    "resolved_by",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="resolved_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="moderation_resolved",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "resolved_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "moderation_items",
                "app": "crossroads",
                "indexes": [
                    Index(fields=["status", "priority", "created_at"]),
                    Index(fields=["subject_type", "subject_id"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ModLogEntry",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "moderator",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="moderator_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="moderation_actions",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("action", fields.CharField(max_length=40)),
                ("subject_type", fields.CharField(max_length=40)),
                ("subject_id", fields.IntField()),
                (
                    "item",
                    fields.ForeignKeyField(
                        "crossroads.QueueItem",
                        source_field="item_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="log",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "member",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="member_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="moderation_history",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("reason", fields.TextField(default="", unique=False)),
                ("category", fields.CharField(default="other", max_length=40)),
                ("public", fields.BooleanField(default=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "moderation_log",
                "app": "crossroads",
                "indexes": [Index(fields=["public", "id"]), Index(fields=["member_id", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Resource",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("title", fields.CharField(max_length=150)),
                ("url", fields.CharField(max_length=500)),
                ("description", fields.TextField(unique=False)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="WORKSHOP: workshop\nRETREAT: retreat\nPROGRAM: program\nSUPPORT_GROUP: support-group\nPRACTICE: practice\nCOUNSELOR: counselor\nMEDIATOR: mediator\nFINANCIAL_ADVISER: financial-adviser\nATTORNEY: attorney\nHOTLINE: hotline",
                        enum_type=Kind,
                        max_length=20,
                    ),
                ),
                (
                    "audience",
                    fields.CharEnumField(
                        default=Audience.BOTH,
                        description="STAYING: staying\nLEAVING: leaving\nBOTH: both",
                        enum_type=Audience,
                        max_length=8,
                    ),
                ),
                (
                    "format",
                    fields.CharEnumField(
                        default=Format.ONLINE,
                        description="IN_PERSON: in-person\nONLINE: online\nHYBRID: hybrid",
                        enum_type=Format,
                        max_length=10,
                    ),
                ),
                ("location", fields.CharField(default="", max_length=120)),
                ("country", fields.CharField(null=True, max_length=2)),
                ("starts_on", fields.DateField(null=True)),
                ("ends_on", fields.DateField(null=True)),
                ("cost_note", fields.CharField(default="", max_length=200)),
                (
                    "state",
                    fields.CharEnumField(
                        default=State.ACTIVE,
                        description="ACTIVE: active\nARCHIVED: archived\nBROKEN: broken",
                        enum_type=State,
                        max_length=10,
                    ),
                ),
                (
                    "last_checked_at",
                    fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
                ),
                ("last_status", fields.CharField(null=True, max_length=200)),
                ("key", fields.CharField(null=True, unique=True, max_length=40)),
                ("position", fields.IntField(default=0)),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="created_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "resources",
                "app": "crossroads",
                "indexes": [Index(fields=["state", "kind"]), Index(fields=["state", "audience"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ResourceSuggestion",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="author_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("title", fields.CharField(max_length=150)),
                ("url", fields.CharField(max_length=500)),
                ("description", fields.TextField(unique=False)),
                (
                    "kind",
                    fields.CharEnumField(
                        description="WORKSHOP: workshop\nRETREAT: retreat\nPROGRAM: program\nSUPPORT_GROUP: support-group\nPRACTICE: practice\nCOUNSELOR: counselor\nMEDIATOR: mediator\nFINANCIAL_ADVISER: financial-adviser\nATTORNEY: attorney\nHOTLINE: hotline",
                        enum_type=Kind,
                        max_length=20,
                    ),
                ),
                (
                    "audience",
                    fields.CharEnumField(
                        default=Audience.BOTH,
                        description="STAYING: staying\nLEAVING: leaving\nBOTH: both",
                        enum_type=Audience,
                        max_length=8,
                    ),
                ),
                (
                    "format",
                    fields.CharEnumField(
                        default=Format.ONLINE,
                        description="IN_PERSON: in-person\nONLINE: online\nHYBRID: hybrid",
                        enum_type=Format,
                        max_length=10,
                    ),
                ),
                ("location", fields.CharField(default="", max_length=120)),
                ("starts_on", fields.DateField(null=True)),
                ("ends_on", fields.DateField(null=True)),
                ("cost_note", fields.CharField(default="", max_length=200)),
                ("note", fields.TextField(default="", unique=False)),
                (
                    "status",
                    fields.CharEnumField(
                        default=SuggestionStatus.PENDING,
                        description="PENDING: pending\nAPPROVED: approved\nREJECTED: rejected",
                        enum_type=SuggestionStatus,
                        max_length=10,
                    ),
                ),
                (
                    "resource",
                    fields.ForeignKeyField(
                        "crossroads.Resource",
                        source_field="resource_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "decided_by",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="decided_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name=False,
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("decided_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("reason", fields.TextField(default="", unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "resource_suggestions",
                "app": "crossroads",
                "indexes": [Index(fields=["author_id", "id"])],
                "pk_attr": "id",
                "table_description": "A member's suggestion, which a moderator approves (with edits) or declines.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Session",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("key_hash", fields.CharField(unique=True, max_length=64)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sessions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "sessions",
                "app": "crossroads",
                "pk_attr": "id",
                "table_description": "A signed-in browser. The cookie holds a random key, and only its hash is stored.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="TherapistApplication",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="therapist_applications",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("credential_type", fields.CharField(max_length=40)),
                ("jurisdiction", fields.CharField(max_length=80)),
                ("licence_number", fields.CharField(max_length=60)),
                ("practice_url", fields.CharField(max_length=500)),
                (
                    "status",
                    fields.CharEnumField(
                        default=ApplicationStatus.PENDING,
                        description="PENDING: pending\nAPPROVED: approved\nREJECTED: rejected\nREVOKED: revoked",
                        enum_type=ApplicationStatus,
                        max_length=10,
                    ),
                ),
                ("reason", fields.TextField(default="", unique=False)),
                (
                    "decided_by",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="decided_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="therapist_decisions",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("decided_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "therapist_applications",
                "app": "crossroads",
                "indexes": [Index(fields=["user_id", "id"]), Index(fields=["status", "id"])],
                "pk_attr": "id",
                "table_description": "A member's request to be shown as a verified therapist.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Thread",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "space",
                    fields.ForeignKeyField(
                        "crossroads.Space",
                        source_field="space_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="threads",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="threads",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("title", fields.CharField(max_length=150)),
                (
                    "status",
                    fields.CharEnumField(
                        default=PostStatus.PUBLISHED,
                        description="PUBLISHED: published\nPENDING: pending\nREMOVED: removed",
                        enum_type=PostStatus,
                        max_length=12,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("last_post_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("reply_count", fields.IntField(default=0)),
            ],
            options={
                "table": "threads",
                "app": "crossroads",
                "indexes": [Index(fields=["space_id", "status", "last_post_at", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Post",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "thread",
                    fields.ForeignKeyField(
                        "crossroads.Thread",
                        source_field="thread_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="posts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "author",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="author_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="posts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("is_first", fields.BooleanField(default=False)),
                ("body_md", fields.TextField(unique=False)),
                ("body_html", fields.TextField(unique=False)),
                ("render_version", fields.IntField()),
                (
                    "status",
                    fields.CharEnumField(
                        default=PostStatus.PUBLISHED,
                        description="PUBLISHED: published\nPENDING: pending\nREMOVED: removed",
                        enum_type=PostStatus,
                        max_length=12,
                    ),
                ),
                ("status_reason", fields.TextField(null=True, unique=False)),
                ("deleted_by_author", fields.BooleanField(default=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("edited_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "posts",
                "app": "crossroads",
                "indexes": [Index(fields=["thread_id", "id"]), Index(fields=["author_id", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PostReport",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "item",
                    fields.ForeignKeyField(
                        "crossroads.QueueItem",
                        source_field="item_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "crossroads.Post",
                        source_field="post_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "reporter",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="reporter_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reports_made",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("reason", fields.CharField(max_length=20)),
                ("note", fields.TextField(default="", unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("handled_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("outcome", fields.CharField(null=True, max_length=40)),
            ],
            options={
                "table": "moderation_reports",
                "app": "crossroads",
                "unique_together": (("item", "reporter"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PostRevision",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                (
                    "post",
                    fields.ForeignKeyField(
                        "crossroads.Post",
                        source_field="post_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="revisions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "editor",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="editor_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="revisions_made",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("body_md", fields.TextField(unique=False)),
                ("body_html", fields.TextField(unique=False)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "post_revisions",
                "app": "crossroads",
                "indexes": [Index(fields=["post_id", "id"])],
                "pk_attr": "id",
                "table_description": "The text a post had before an edit.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="WatchedWordRow",
            fields=[
                (
                    "id",
                    fields.IntField(generated=True, primary_key=True, unique=True, db_index=True),
                ),
                ("pattern", fields.CharField(unique=True, max_length=100)),
                ("action", fields.CharField(max_length=10)),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "crossroads.User",
                        source_field="created_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="watched_words",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={"table": "moderation_watched_words", "app": "crossroads", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
