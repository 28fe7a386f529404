"""schema/schema.graphql is the exported SDL of the served schema; a stale file fails here."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph_rag.api.schema import sdl
from graph_rag.cli import app

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema" / "schema.graphql"


def test_the_committed_sdl_matches_the_schema() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), (
        "schema/schema.graphql is stale: run `graph-rag export schema`."
    )


def test_export_schema_writes_the_sdl_and_check_catches_a_stale_file(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    runner = CliRunner()
    assert runner.invoke(app, ["export", "schema", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == sdl()
    assert runner.invoke(app, ["export", "schema", str(target), "--check"]).exit_code == 0
    target.write_text("type Query { old: Int }\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "schema", str(target), "--check"])
    assert result.exit_code == 1
    assert "is stale" in result.output


def test_export_schema_to_dash_prints_the_sdl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """'-' is stdout, as for `export pairs -o -`: it wrote a file named '-'."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["export", "schema", "-"])
    assert (result.exit_code, result.stdout) == (0, sdl())
    assert not (tmp_path / "-").exists()
    result = CliRunner().invoke(app, ["export", "schema", "-", "--check"])
    assert result.exit_code == 2
    assert "--check compares a file with the schema, not stdout." in result.output


def test_an_installed_package_prints_the_sdl_instead_of_writing_its_own_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Installed, schema/ lies inside site-packages: no argument means stdout there."""
    from graph_rag import resources

    monkeypatch.setattr(resources, "in_checkout", lambda: False)
    shipped = SCHEMA_FILE.read_text(encoding="utf-8")
    monkeypatch.setattr("graph_rag.cli.serve.SCHEMA_FILE", tmp_path / "shipped.graphql")
    result = CliRunner().invoke(app, ["export", "schema"])
    assert (result.exit_code, result.stdout) == (0, sdl())
    assert not (tmp_path / "shipped.graphql").exists()
    assert SCHEMA_FILE.read_text(encoding="utf-8") == shipped
