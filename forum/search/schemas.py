"""Search's contract: what a search takes (the page's form and the API's query string alike)
and a hit as the API shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field

from forum.contracts import Output, PageQuery, Says, checked
from forum.search.query import MAX_LENGTH, parse
from forum.threads.schemas import Author

SORT_RULE = "sort must be newest or best."


def _search_text(value: str) -> str:
    parse(value)  # refuses nothing to look for, too many terms, too long (field `q`)
    return value


def _sort_or_newest(value: Any) -> Any:
    return "newest" if value in (None, "") else value


class Search(PageQuery):
    """GET /api/v1/search, and the page's search form (`cursor`/`limit`: the API's pages)."""

    model_config = ConfigDict(validate_default=True)

    q: Annotated[
        str,
        Field(
            description='words that must all appear; "a phrase", -word to leave out, or',
            json_schema_extra={"maxLength": MAX_LENGTH},
        ),
        checked(_search_text),
    ] = ""  # missing: refused by the same rule as empty (validate_default)
    sort: Annotated[
        Literal["newest", "best"],
        Field(description="threads by their newest matching post, or by best match"),
        Says(wrong=SORT_RULE),
        BeforeValidator(_sort_or_newest),
    ] = "newest"


class SearchHit(Output):
    """A thread with posts that match: `id` is the one shown (newest or best match)."""

    id: int
    thread_id: int
    thread_title: str
    space: str
    space_name: str | None = None
    excerpt: str
    excerpt_html: str = Field(
        description="the excerpt as HTML: escaped text, matched words in <mark>"
    )
    matches: int = Field(description="posts of this thread that match (id is the one shown)")
    author: Author
    created_at: datetime
