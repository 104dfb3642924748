from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from forum.accounts.models import Path
from forum.threads.models import PostStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Space',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(max_length=80)),
                ('description', fields.TextField(unique=False)),
                ('guidelines', fields.TextField(unique=False)),
                ('audience', fields.CharField(null=True, max_length=12)),
                ('position', fields.IntField(default=0)),
            ],
            options={'table': 'spaces', 'app': 'crossroads', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(max_length=30)),
                ('username_key', fields.CharField(unique=True, max_length=30)),
                ('password_hash', fields.CharField(max_length=255)),
                ('path', fields.CharEnumField(default=Path.UNDECIDED, description='STAYING: staying\nLEAVING: leaving\nUNDECIDED: undecided', enum_type=Path, max_length=12)),
                ('roles', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('credential', fields.CharField(null=True, max_length=80)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('path_changed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('published_posts', fields.IntField(default=0)),
                ('silenced_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('silence_reason', fields.TextField(null=True, unique=False)),
                ('suspended_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('suspension_reason', fields.TextField(null=True, unique=False)),
                ('deleted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'users', 'app': 'crossroads', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiToken',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('crossroads.User', source_field='user_id', db_constraint=True, to_field='id', related_name='tokens', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'api_tokens', 'app': 'crossroads', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Notification',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('crossroads.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=40)),
                ('message', fields.TextField(unique=False)),
                ('link', fields.CharField(null=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notifications', 'app': 'crossroads', 'indexes': [Index(fields=['user_id', 'id'])], 'pk_attr': 'id', 'table_description': 'An in-app message to one member (a held post, a decision, a reply).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PathChange',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('crossroads.User', source_field='user_id', db_constraint=True, to_field='id', related_name='path_changes', on_delete=OnDelete.CASCADE)),
                ('old_path', fields.CharField(max_length=12)),
                ('new_path', fields.CharField(max_length=12)),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'path_changes', 'app': 'crossroads', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key_hash', fields.CharField(unique=True, max_length=64)),
                ('user', fields.ForeignKeyField('crossroads.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sessions', 'app': 'crossroads', 'pk_attr': 'id', 'table_description': 'A signed-in browser. The cookie holds a random key, and only its hash is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Thread',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('space', fields.ForeignKeyField('crossroads.Space', source_field='space_id', db_constraint=True, to_field='id', related_name='threads', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('crossroads.User', source_field='author_id', db_constraint=True, to_field='id', related_name='threads', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=150)),
                ('status', fields.CharEnumField(default=PostStatus.PUBLISHED, description='PUBLISHED: published\nPENDING: pending\nREMOVED: removed', enum_type=PostStatus, max_length=12)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_post_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('reply_count', fields.IntField(default=0)),
            ],
            options={'table': 'threads', 'app': 'crossroads', 'indexes': [Index(fields=['space_id', 'status', 'last_post_at', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Post',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('thread', fields.ForeignKeyField('crossroads.Thread', source_field='thread_id', db_constraint=True, to_field='id', related_name='posts', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('crossroads.User', source_field='author_id', db_constraint=True, to_field='id', related_name='posts', on_delete=OnDelete.CASCADE)),
                ('is_first', fields.BooleanField(default=False)),
                ('body_md', fields.TextField(unique=False)),
                ('body_html', fields.TextField(unique=False)),
                ('render_version', fields.IntField()),
                ('status', fields.CharEnumField(default=PostStatus.PUBLISHED, description='PUBLISHED: published\nPENDING: pending\nREMOVED: removed', enum_type=PostStatus, max_length=12)),
                ('status_reason', fields.TextField(null=True, unique=False)),
                ('deleted_by_author', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('edited_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'posts', 'app': 'crossroads', 'indexes': [Index(fields=['thread_id', 'id']), Index(fields=['author_id', 'id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PostRevision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('post', fields.ForeignKeyField('crossroads.Post', source_field='post_id', db_constraint=True, to_field='id', related_name='revisions', on_delete=OnDelete.CASCADE)),
                ('editor', fields.ForeignKeyField('crossroads.User', source_field='editor_id', db_constraint=True, to_field='id', related_name='revisions_made', on_delete=OnDelete.CASCADE)),
                ('body_md', fields.TextField(unique=False)),
                ('body_html', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'post_revisions', 'app': 'crossroads', 'indexes': [Index(fields=['post_id', 'id'])], 'pk_attr': 'id', 'table_description': 'The text a post had before an edit.'},
            bases=['Model'],
        ),
    ]
