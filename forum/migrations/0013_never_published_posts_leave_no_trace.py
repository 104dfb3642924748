from tortoise import fields, migrations
from tortoise.migrations import operations as ops


# Never-published posts leave no trace: a post remembers when readers first saw it (published_at),
# and a thread whose opening post was deleted shows a neutral title and no author (opening_removed).
class Migration(migrations.Migration):
    dependencies = [("crossroads", "0012_start_here")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Post",
            name="published_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name="Thread",
            name="opening_removed",
            field=fields.BooleanField(default=False),
        ),
        # Posts from before: published or removed after publication (a rejected held post's reason
        # starts "Not published") count as once seen.
        ops.RunSQL(
            "UPDATE posts SET published_at = created_at WHERE status = 'published' OR "
            "(status = 'removed' AND (status_reason IS NULL OR status_reason NOT LIKE 'Not published%'))"
        ),
    ]
