"""The typed contract (forum.contracts): one parse for both skins, messages in the project's words."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pytest

from forum.accounts.schemas import AccountChange, Registration, SignIn
from forum.contracts import Input, Says, parse
from forum.errors import ValidationError

# pydantic's own phrasing: none of it may reach a member.
JARGON = ("Input should", "Field required", "valid string", "valid integer", "Value error", "type=")


class _Sample(Input):
    title: str
    count: int = 0
    flag: bool = False
    kind: Literal["spam", "other"] = "other"
    ids: list[int] = []
    note: Annotated[str, Says(missing="Write a note.")] = ""


def _refusal(model: type[Input], data: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse(model, data)
    exc = caught.value
    assert exc.status == 422 and exc.code == "invalid"
    for text in [exc.message, *exc.fields.values()]:
        assert not any(j in text for j in JARGON), text
    return exc


def test_pydantic_refusals_are_said_in_the_projects_words() -> None:
    exc = _refusal(
        _Sample, {"title": 5, "count": "many", "flag": "perhaps", "kind": "x", "ids": ["a"]}
    )
    assert exc.fields == {
        "title": "Title must be text.",
        "count": "Count must be a whole number.",
        "flag": "Flag must be true or false.",
        "kind": "Choose spam or other.",
        "ids": "Ids must be a whole number.",
    }
    assert exc.message == "Please correct the highlighted fields."
    one = _refusal(_Sample, {})
    assert one.fields == {"title": "Title is required."} and one.message == "Title is required."


def test_a_form_and_a_json_body_parse_to_the_same_model() -> None:
    body = {"username": " quiet_harbor ", "password": "long enough pw", "path": "leaving"}
    data = parse(Registration, body)
    assert data.username == "quiet_harbor" and data.path.value == "leaving"
    assert parse(Registration, {k: str(v) for k, v in body.items()}) == data


def test_registration_keeps_its_messages() -> None:
    exc = _refusal(Registration, {"username": "a!", "password": "short", "path": "sideways"})
    assert exc.message == "Please correct the highlighted fields."
    assert exc.fields == {
        "username": "3 to 30 characters: letters, digits, '_' or '-'. "
        "Pick a pseudonym, not your real name.",
        "password": "Use at least 10 characters.",
        "path": "Choose staying, leaving or undecided.",
    }
    missing = _refusal(Registration, {})
    assert missing.fields["username"] == "Choose a username."
    signing_in = _refusal(SignIn, {"username": "  ", "password": None})
    assert signing_in.message == "Enter your username and password."
    assert signing_in.fields == {
        "username": "Enter your username.",
        "password": "Enter your password.",
    }


def test_an_optional_field_sent_as_null_is_refused_and_one_not_sent_is_not_set() -> None:
    assert parse(AccountChange, {}).model_fields_set == set()
    exc = _refusal(AccountChange, {"path": None})
    assert exc.fields == {"path": "Choose staying, leaving or undecided."}
    assert parse(AccountChange, {"country": ""}).country is None
    assert parse(AccountChange, {"country": "ie"}).country == "IE"
