"""The layer rules are contracts a tool checks (import-linter, `[tool.importlinter]` in
pyproject.toml; docs/architecture.md, "Layers a tool enforces"): domain code never imports a
skin, the HTML and API skins never import each other, `forum` never imports `moderation` but in
the composition root, and features reach each other only through their public modules.

`lint-imports` reads every import, at module level or inside a function, so the rules cannot be
dodged by moving an import into a function."""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"  # .venv/bin, beside the test's Python

# Modules that assemble the app, or are a command line: they may import any layer.
WIRING = [
    "forum.app",
    "forum.asgi",
    "forum.server",
    "forum.cli",
    "forum.registry",
    "forum.plugins",
    "forum.startup",
    "forum.seed",
    "forum.seed_content",
    "forum.migrations",
    "forum.*.plugin",
    "forum.resources.cli",
    "moderation.plugin",
]


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {c["id"]: c for c in config["contracts"]}


def _modules() -> list[str]:
    found = []
    for package in ("forum", "moderation"):
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] != "__init__":  # a package's own module is its folder's marker
                found.append(".".join(parts))
    return sorted(found)


def _matches(module: str, expressions: list[str]) -> bool:
    """True when `module` or a package above it matches one of import-linter's module
    expressions (`*`: one name), as the contracts read them."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        candidate = parts[:end]
        for expression in expressions:
            pattern = expression.split(".")
            if len(pattern) == len(candidate) and all(
                fnmatch.fnmatchcase(c, p) for c, p in zip(candidate, pattern, strict=True)
            ):
                return True
    return False


def test_the_layer_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_has_a_layer():
    """A new module is a skin, wiring, or listed among the domain modules that may not import a
    skin: none slips past the first rule by not being named."""
    contract = _contracts()["domain-no-skin"]
    unplaced = [
        m
        for m in _modules()
        if not _matches(m, contract["source_modules"] + contract["forbidden_modules"] + WIRING)
    ]
    assert unplaced == [], (
        f"add these to a layer in pyproject.toml's [tool.importlinter]: {unplaced}"
    )


# One forbidden import per rule, written where it would be tempting; lint-imports must name the rule.
VIOLATIONS = [
    (
        "forum/threads/actions.py",
        "from forum.web.base import render\n",
        "domain-no-skin",
        "Domain and infrastructure modules never import a skin",
    ),
    (
        "forum/accounts/privacy.py",
        "\ndef _f():\n    from forum.api.base import Call\n",
        "domain-no-skin",
        "Domain and infrastructure modules never import a skin",
    ),
    (
        "forum/web/threads.py",
        "from forum.api.base import Call\n",
        "html-not-api",
        "The HTML skin never imports the API skin",
    ),
    (
        "forum/amas/api.py",
        "from forum.web.base import render\n",
        "api-not-html",
        "The API skin never imports the HTML skin",
    ),
    (
        "forum/review.py",
        "\ndef _f():\n    from moderation import queries\n",
        "forum-not-moderation",
        "forum never imports moderation",
    ),
    (
        "forum/threads/queries.py",
        "from forum.search import tokens\n",
        "search-private",
        "search: the parser, tokens, excerpts and schema are the feature's own",
    ),
    (
        "moderation/queries.py",
        "\ndef _f():\n    from forum.amas.models import AmaQuestion\n",
        "moderation-no-feature",
        "moderation imports no feature",
    ),
    (
        "forum/amas/actions.py",
        "from moderation.priorities import REPORT_REASONS\n",
        "moderation-private",
        "moderation: only its plugin is public",
    ),
]


@pytest.mark.parametrize(
    ("path", "line", "contract", "name"), VIOLATIONS, ids=[v[2] + ":" + v[0] for v in VIOLATIONS]
)
def test_a_forbidden_import_breaks_its_contract(tmp_path, path, line, contract, name):
    for package in ("forum", "moderation"):
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.bin"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert _lint(tmp_path).returncode == 0  # the copy is checked, and is clean before the change
    with (tmp_path / path).open("a") as module:
        module.write(line)
    result = _lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{name}" in result.stdout and "BROKEN" in result.stdout, result.stdout
