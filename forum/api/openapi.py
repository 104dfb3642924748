"""GET /api/v1/openapi.json, built from the endpoint declarations."""

from __future__ import annotations

import re
from typing import Any

from forum import idempotency
from forum.api.base import Call, endpoint
from forum.api.schemas import ref
from forum.serialize import ApiResponse

_STATUS_TEXT = {
    400: "Malformed request",
    401: "Not signed in",
    403: "Signed in but not allowed",
    404: "Missing or not visible to you",
    409: "Conflict",
    413: "Too large",
    422: "Invalid field",
    429: "Rate limited (see Retry-After)",
    503: "A backing service is down",
}

# Rate-limited operations (those that can answer 429) carry these on success and on 429 alike.
_RATE_HEADERS = {
    "RateLimit-Policy": {
        "description": 'Quota policies (IETF httpapi draft), e.g. `"post_create-60s";q=6;w=60, '
        '"post_create-3600s";q=60;w=3600`: q requests per w seconds',
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'What is left, e.g. `"post_create-60s";r=5;t=60`: r requests remaining, '
        "t seconds until the window gives one back",
        "schema": {"type": "string"},
    },
}
_RETRY_AFTER = {
    "description": "Whole seconds to wait; never earlier than the allowance returns",
    "schema": {"type": "integer"},
}


def build_document(registry: Any) -> dict[str, Any]:
    """The OpenAPI 3.1 document of one app: its registry's endpoints and schemas
    (forum.registry.Registry), so an app without a plugin documents none of its operations."""
    paths: dict[str, dict[str, Any]] = {}
    for ep in registry.endpoints:
        op: dict[str, Any] = {
            "summary": ep.summary,
            "tags": [ep.tag],
            "operationId": f"{ep.tag}_{ep.handler.__name__}",
        }
        if ep.description:
            op["description"] = ep.description
        params = [
            {
                "name": name,
                "in": "path",
                "required": True,
                # forum.validation: ids are positive; anything else is answered 404.
                "schema": {"type": "integer", "minimum": 1}
                if name.endswith("id")
                else {"type": "string", "maxLength": 200},
            }
            for name in re.findall(r"{(\w+)}", ep.path)
        ]
        params += [{"name": n, "in": where, "schema": schema} for n, where, schema in ep.query]
        creates = idempotency.creates(ep.method, ep.status, ep.auth)
        if creates:
            params.append(
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "schema": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": 255,
                        "pattern": "^[\\x21-\\x7E]+$",
                    },
                    "description": "1-255 visible ASCII characters. A repeat by the same member within 24 hours "
                    "returns the first response (status and body, header Idempotent-Replayed: true) "
                    "and creates nothing, even when sent at the same moment; the same key with a "
                    "different request is 422 `idempotency_key_reused`.",
                }
            )
        if params:
            op["parameters"] = params
        if ep.body is not None:
            op["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ep.body}},
            }
        ok: dict[str, Any] = {"description": "Success"}
        if ep.response is not None:
            ok["content"] = {ep.media_type: {"schema": ep.response}}
        status = (
            204 if ep.response is None and ep.status == 200 and ep.method == "DELETE" else ep.status
        )
        responses: dict[str, Any] = {str(status): ok}
        codes = set(ep.errors) | {
            503
        }  # the database unreachable: 503 `unavailable` with Retry-After
        if creates:
            codes.update({400, 409, 422})  # a malformed key; a twin still running; a key reused
        if ep.auth == "required":
            codes.add(401)
        if ep.body is not None:
            codes.update({400, 413, 422})
        for code in sorted(codes):
            responses[str(code)] = {
                "description": _STATUS_TEXT.get(code, "Error"),
                "content": {"application/json": {"schema": ref("Error")}},
            }
        responses["503"]["headers"] = {
            "Retry-After": {"description": "Whole seconds to wait", "schema": {"type": "integer"}}
        }
        if 429 in codes:
            ok["headers"] = dict(_RATE_HEADERS)
            responses["429"]["headers"] = {**_RATE_HEADERS, "Retry-After": _RETRY_AFTER}
        op["responses"] = responses
        if ep.auth == "required":
            op["security"] = [{"bearer": []}]
        elif ep.auth == "optional":
            op["security"] = [{"bearer": []}, {}]
        paths.setdefault(ep.path, {})[ep.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Crossroads API",
            "version": "1",
            "description": "Peer support for marriages at a crossroads. Errors are "
            '{"error": {"code", "message", "fields"?}}; lists are cursor pages.',
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths,
        "components": {
            "schemas": dict(registry.schemas),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }


@endpoint(
    "GET",
    "/openapi.json",
    summary="This document",
    tag="meta",
    auth="none",
    response={"type": "object"},
)
async def openapi(call: Call) -> Any:
    return ApiResponse(build_document(call.request.app.state.registry))
