"""Logs never hold post bodies or passwords, whatever the log level."""

from __future__ import annotations

import logging

from tests.conftest import Browser


async def test_no_bodies_or_passwords_in_logs(client, members, browser: Browser, caplog):
    caplog.set_level(logging.DEBUG)
    secret_body = "unmistakable-body-marker my husband said he wants out"
    secret_password = "unmistakable-password-marker"
    r = await client.post(
        "/api/v1/auth/register",
        json={"username": "log_probe", "password": secret_password, "path": "leaving"},
    )
    assert r.status_code == 201
    r = await client.post(
        "/api/v1/auth/tokens",
        json={"username": "log_probe", "password": "wrong " + secret_password},
    )
    assert r.status_code == 401
    r = await client.post(
        "/api/v1/spaces/common-ground/threads",
        headers=members["staying"].auth,
        json={"title": "A title", "body": secret_body},
    )
    assert r.status_code == 201
    await browser.sign_in(members["staying"].username)
    await browser.submit(
        f"/t/{r.json()['thread']['id']}",
        f"/t/{r.json()['thread']['id']}/reply",
        {"body": secret_body},
    )
    assert caplog.records, "nothing was logged at all: the check would be empty"
    logged = "\n".join(f"{rec.getMessage()} {rec.args!r}" for rec in caplog.records)
    assert "unmistakable-body-marker" not in logged
    assert "unmistakable-password-marker" not in logged
