"""The OpenAPI document is generated from the route table and the contract models (issue 14,
section 2): it lists exactly the API routes the app serves, every error response has the one
error shape, and every body, query and response schema comes from a model. Each real response
is checked against it by tests/forum/test_schemathesis.py (valid and invalid input, every
documented operation)."""

from __future__ import annotations

from typing import Any

from starlette.routing import Route

from forum.api.base import PREFIX
from forum.api.openapi import build_document
from forum.app import create_app
from tests.conftest import test_settings

METHODS = {"get", "post", "put", "patch", "delete"}


def _app_and_document(tmp_path: Any) -> tuple[Any, dict[str, Any]]:
    app = create_app(test_settings(f"sqlite://{tmp_path / 'doc.db'}"), schema="generate")
    return app, build_document(app.state.registry)


def _served(app: Any) -> set[tuple[str, str]]:
    """(METHOD, path under /api/v1) of every API route the app answers."""
    out = set()
    for route in app.routes:
        if isinstance(route, Route) and route.path.startswith(PREFIX + "/"):
            for method in route.methods or ():
                if method != "HEAD":  # Starlette adds HEAD to every GET
                    out.add((method, route.path.removeprefix(PREFIX)))
    return out


def _documented(document: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS
    }


def test_every_api_route_is_documented_and_every_documented_operation_is_served(tmp_path):
    app, document = _app_and_document(tmp_path)
    served, documented = _served(app), _documented(document)
    assert served - documented == set(), "routes the document lacks"
    assert documented - served == set(), "documented operations no route serves"
    assert len(served) > 40


def test_every_error_response_has_the_error_shape_and_every_ref_resolves(tmp_path):
    _, document = _app_and_document(tmp_path)
    error = {"$ref": "#/components/schemas/Error"}
    schemas = document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, op in item.items():
            assert "503" in op["responses"], (method, path)
            for status, response in op["responses"].items():
                if int(status) >= 400:
                    assert response["content"]["application/json"]["schema"] == error, (
                        method,
                        path,
                        status,
                    )
    refs: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("$ref"), str):
                refs.append(value["$ref"])
            for sub in value.values():
                walk(sub)
        elif isinstance(value, list):
            for sub in value:
                walk(sub)

    walk(document)
    missing = {r for r in refs if r.rsplit("/", 1)[1] not in schemas}
    assert missing == set()
    assert {"code", "message", "fields"} <= set(schemas["ErrorBody"]["properties"])


def test_converted_operations_take_their_schemas_from_the_models(tmp_path):
    """The accounts and threads operations name generated components, not inline dicts."""
    _, document = _app_and_document(tmp_path)
    paths = document["paths"]

    def body(path: str, method: str) -> Any:
        return paths[path][method]["requestBody"]["content"]["application/json"]["schema"]

    assert body("/auth/register", "post") == {"$ref": "#/components/schemas/Registration"}
    assert body("/spaces/{slug}/threads", "post") == {"$ref": "#/components/schemas/NewThread"}
    assert body("/posts/{id}", "patch") == {"$ref": "#/components/schemas/PostEdit"}
    registration = document["components"]["schemas"]["Registration"]
    assert set(registration["required"]) == {"username", "password", "path"}
    search = {p["name"]: p for p in paths["/search"]["get"]["parameters"]}
    assert {"q", "sort", "cursor", "limit"} <= set(search)
    assert search["sort"]["schema"]["enum"] == ["newest", "best"]


def test_an_operation_answers_with_a_body_only_where_the_document_says_one(tmp_path):
    """DELETE …/silences was documented 204 and answered 200 with a body: now every operation
    without a response model is documented 204 and its handler may not return a body
    (forum.api.base._answer refuses to), and lifting a silence is documented as it answers."""
    _, document = _app_and_document(tmp_path)
    lifted = document["paths"]["/moderation/users/{id}/silences"]["delete"]["responses"]
    assert "204" not in lifted
    assert lifted["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SilenceLifted"
    }
    for path, item in document["paths"].items():
        for method, op in item.items():
            ok = [s for s in op["responses"] if s.startswith("2")]
            assert len(ok) == 1, (method, path)
            if ok[0] != "204":
                assert "content" in op["responses"][ok[0]], (method, path)
