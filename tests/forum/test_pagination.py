"""forum.pagination.page_of: the one page tail every keyset list ends with."""

from datetime import UTC, datetime

import pytest

from forum import pagination
from forum.errors import MalformedError


def by_id(row: dict) -> tuple[int]:
    return (row["id"],)


ROWS = [{"id": n} for n in (9, 7, 5, 3)]  # newest first, as a list reads them


def test_no_rows_is_an_empty_last_page() -> None:
    page = pagination.page_of([], 3, by_id)
    assert page.items == [] and page.next_cursor is None and page.prev_cursor is None


def test_exactly_limit_rows_is_the_last_page() -> None:
    page = pagination.page_of(ROWS[:3], 3, by_id)
    assert page.items == ROWS[:3] and page.next_cursor is None


def test_limit_plus_one_rows_cut_to_limit_with_a_cursor_after_the_last_kept_row() -> None:
    page = pagination.page_of(ROWS, 3, by_id)
    assert page.items == ROWS[:3]
    assert pagination.decode(page.next_cursor, int) == [5]  # the extra row (3) is not on the page


def test_limit_one() -> None:
    assert pagination.page_of(ROWS[:1], 1, by_id).next_cursor is None
    page = pagination.page_of(ROWS[:2], 1, by_id)
    assert page.items == [ROWS[0]] and pagination.decode(page.next_cursor, int) == [9]


def test_cursor_encoding_is_the_one_lists_always_sent() -> None:
    # Cursors handed out before the helper existed must still read: same bytes for the same key.
    at = datetime(2026, 5, 1, 12, 30, tzinfo=UTC)
    rows = [{"at": at, "id": 42}, {"at": at, "id": 41}]
    page = pagination.page_of(rows, 1, lambda r: (r["at"].isoformat(), r["id"]))
    assert (
        page.next_cursor
        == pagination.encode(at.isoformat(), 42)
        == "WyIyMDI2LTA1LTAxVDEyOjMwOjAwKzAwOjAwIiw0Ml0"
    )
    assert pagination.decode(page.next_cursor, datetime.fromisoformat, int) == [at, 42]


def test_rows_are_not_changed_and_items_are_a_new_list() -> None:
    rows = list(ROWS)
    page = pagination.page_of(rows, 2, by_id)
    page.items.append({"id": 0})
    assert rows == ROWS


def test_with_items_keeps_both_cursors() -> None:
    page = pagination.Page([1, 2], "next", "prev").with_items(["a", "b"])
    assert (page.items, page.next_cursor, page.prev_cursor) == (["a", "b"], "next", "prev")


@pytest.mark.parametrize("limit", [0, -1])
def test_a_limit_below_one_is_a_programming_error(limit: int) -> None:
    with pytest.raises(ValueError):
        pagination.page_of(ROWS, limit, by_id)


def test_a_tampered_cursor_is_still_a_400() -> None:
    page = pagination.page_of(ROWS, 1, by_id)
    with pytest.raises(MalformedError):
        pagination.decode(page.next_cursor[:-2] + "!!", int)
