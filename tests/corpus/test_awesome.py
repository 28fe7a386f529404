"""Awesome-list reading on a sample in awesome-python's markdown style (assets/awesome-python-sample.md):
a table of contents, four sections with plain and nested bullets (sub-categories),
links to docs sites and nested awesome lists, a repeated URL, and a trailing
``# Resources`` part.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from graph_rag.sources.awesome import candidates_toml, read_awesome_list, repository_url
from graph_rag.sources.manifest import parse_manifest

SAMPLE = (Path(__file__).parent / "assets" / "awesome-python-sample.md").read_text()


def test_every_repository_link_becomes_a_candidate_with_its_category_as_role() -> None:
    found = read_awesome_list(SAMPLE)
    by_name = {c.name: c for c in found.candidates}
    assert list(by_name) == [
        "ajenti", "django-grappelli", "flask-admin",
        "algorithms", "python-sortedcontainers", "pypattyrn", "transitions",
        "awesome-sqlalchemy", "dataset", "orator", "peewee", "mongoengine",
        "django", "awesome-django", "flask", "awesome-flask", "tornado",
    ]  # fmt: skip
    assert by_name["peewee"].role == "orm"
    assert by_name["peewee"].subcategory == "Relational Databases"
    assert by_name["transitions"].subcategory == "Design Patterns"
    assert by_name["flask"].url == "https://github.com/pallets/flask"
    assert by_name["flask"].role == "web_frameworks"
    assert by_name["flask"].description == "A microframework for Python."
    assert found.sections == (
        "Admin Panels", "Algorithms and Design Patterns", "ORM", "Web Frameworks", "Newsletters",
    )  # fmt: skip
    reasons = {s.text.split(" (")[0]: s.reason for s in found.skipped}
    assert reasons == {
        "Django Models": "not a repository on a known git host",
        "SQLAlchemy": "not a repository on a known git host",
        "Pyramid": "not a repository on a known git host",
        "Django again": "listed before",
        "Awesome Python Newsletter": "not a repository on a known git host",
        "Pycoder's Weekly": "not a repository on a known git host",
    }


@pytest.mark.parametrize(
    ("sections", "names"),
    [
        (["orm"], ["awesome-sqlalchemy", "dataset", "orator", "peewee", "mongoengine"]),
        (["Admin Panels", "web frameworks"],
         ["ajenti", "django-grappelli", "flask-admin", "django", "awesome-django", "flask",
          "awesome-flask", "tornado"]),
        (["No Such Section"], []),
    ],
)  # fmt: skip
def test_sections_select_by_name_case_insensitively(sections: list[str], names: list[str]) -> None:
    assert [c.name for c in read_awesome_list(SAMPLE, sections=sections).candidates] == names


@pytest.mark.parametrize(
    ("url", "repo"),
    [
        ("https://github.com/pallets/flask", "https://github.com/pallets/flask"),
        ("https://www.github.com/pallets/flask.git", "https://github.com/pallets/flask"),
        ("https://github.com/pallets/flask/tree/main/docs", "https://github.com/pallets/flask"),
        ("https://gitlab.com/owner/project", "https://gitlab.com/owner/project"),
        ("https://github.com/topics/python", None),
        ("https://github.com/pallets", None),
        ("https://flask.palletsprojects.com/", None),
        ("ftp://github.com/a/b", None),
    ],
)
def test_repository_url(url: str, repo: str | None) -> None:
    assert repository_url(url) == repo


def test_candidates_render_as_a_manifest_that_sync_refuses_until_refs_are_pinned(tmp_path: Path) -> None:
    text = candidates_toml(read_awesome_list(SAMPLE, sections=["ORM"]), source="README.md")
    assert tomllib.loads(text)["repos"]["peewee"] == {
        "url": "https://github.com/coleifer/peewee",
        "role": "orm",
        "origin": "curated",
    }
    manifest = parse_manifest(text, base_dir=tmp_path)
    assert manifest.entries == ()
    assert {str(p) for p in manifest.problems} >= {
        "[repos.peewee] has no 'ref': pin a branch, tag or commit (ref = \"v1.2.3\")"
    }
