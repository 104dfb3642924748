"""The `crossroads` command as the contract describes it."""

from __future__ import annotations

from tests.live import run_cli


def test_production_refuses_to_start_without_a_real_secret(tmp_path):
    for secret in ("", "changeme", "short"):
        result = run_cli(
            tmp_path, "serve", env={"CROSSROADS_ENV": "production", "CROSSROADS_SECRET_KEY": secret}
        )
        assert result.returncode == 2
        assert "CROSSROADS_SECRET_KEY" in result.stderr


def test_malformed_setting_is_named(tmp_path):
    result = run_cli(
        tmp_path, "migrate", env={"CROSSROADS_TRUSTED_PROXIES": "10.0.0.0/8, not-a-network"}
    )
    assert result.returncode == 2 and "CROSSROADS_TRUSTED_PROXIES" in result.stderr


def test_create_user_reads_password_from_stdin_never_argv(tmp_path):
    made = run_cli(
        tmp_path,
        "create-user",
        "dr_oak",
        "--role",
        "therapist",
        "--credential",
        "LMFT",
        stdin="a therapist's long passphrase\n",
    )
    assert made.returncode == 0, made.stderr
    assert "dr_oak" in made.stdout and "therapist" in made.stdout
    weak = run_cli(tmp_path, "create-user", "weak_one", stdin="short\n")
    assert weak.returncode != 0 and "password" in weak.stderr.lower()
    misplaced = run_cli(
        tmp_path,
        "create-user",
        "not_a_therapist",
        "--credential",
        "LMFT",
        stdin="long enough passphrase\n",
    )
    assert misplaced.returncode != 0 and "--credential" in misplaced.stderr


def test_check_reports_counter_drift_and_repair_sets_it_right(tmp_path):
    """`crossroads check` (contract, round 2): counters against the rows they count; exit 1 on
    drift, `--repair` sets every drifted value to what the rows say."""
    import sqlite3

    made = run_cli(tmp_path, "create-user", "counted_one", stdin="a long enough passphrase\n")
    assert made.returncode == 0, made.stderr
    clean = run_cli(tmp_path, "check")
    assert clean.returncode == 0 and "All counters and search entries match" in clean.stdout, (
        clean.stdout + clean.stderr
    )
    with sqlite3.connect(tmp_path / "live.sqlite3") as db:
        (user_id,) = db.execute("SELECT id FROM users WHERE username = 'counted_one'").fetchone()
        db.execute("UPDATE users SET published_posts = 2 WHERE id = ?", (user_id,))
    drift = run_cli(tmp_path, "check")
    assert drift.returncode == 1, drift.stdout + drift.stderr
    assert f"user.published_posts of #{user_id}: stored 2, rows say 0" in drift.stdout
    repaired = run_cli(tmp_path, "check", "--repair")
    assert repaired.returncode == 0 and "Repaired 1 value(s); 0 still differ." in repaired.stdout, (
        repaired.stdout
    )
    assert run_cli(tmp_path, "check").returncode == 0
