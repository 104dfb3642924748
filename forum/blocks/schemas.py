"""Blocks' contract: whom to block (the page's form; the API names them in the path), and a
block as the API shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator

from forum.contracts import Input, Output, Says


class BlockChoice(Input):
    """The blocks page's form: a pseudonym, and whether to block or unblock them."""

    username: Annotated[str, Says(missing="No member by that name."), AfterValidator(str.strip)] = (
        ""
    )
    action: Annotated[Literal["block", "unblock"], Says(wrong="Choose block or unblock.")] = "block"


class Block(Output):
    """A member you blocked."""

    username: str
    created_at: datetime


class BlockState(Output):
    """`{blocked}` after blocking or unblocking."""

    blocked: bool
