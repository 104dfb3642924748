"""Domain errors. The HTML and API skins map each to a response; nothing here knows HTTP."""

from __future__ import annotations


class CrossroadsError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class MalformedError(CrossroadsError):
    status = 400
    code = "malformed_request"


class NotSignedInError(CrossroadsError):
    status = 401
    code = "not_signed_in"


class PermissionDeniedError(CrossroadsError):
    status = 403
    code = "forbidden"


class NotFoundError(CrossroadsError):
    """Missing, or not visible to this user: the two must look the same."""

    status = 404
    code = "not_found"

    def __init__(
        self, message: str = "Not found.", *, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message, fields=fields)


class ConflictError(CrossroadsError):
    status = 409
    code = "conflict"


class TooLargeError(CrossroadsError):
    status = 413
    code = "too_large"


class ValidationError(CrossroadsError):
    status = 422
    code = "invalid"


class RateLimitedError(CrossroadsError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, policy: str) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.policy = policy


class ServiceUnavailableError(CrossroadsError):
    """`retry_after`: the seconds the skins put in Retry-After."""

    status = 503
    code = "unavailable"  # issue 12 and the contract: 503 `unavailable`

    def __init__(self, message: str, *, retry_after: int = 30) -> None:
        super().__init__(message)
        self.retry_after = retry_after
