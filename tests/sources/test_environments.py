"""Virtualenvs at the top of a checkout, whose site-packages the parser reads (sources/environments.py)."""

from __future__ import annotations

from pathlib import Path

from graph_rag.sources import checkout_site_packages
from graph_rag.sources.environments import site_packages


def _venv(folder: Path, *site_dirs: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "pyvenv.cfg").write_text("home = /usr/bin\n")
    for site in site_dirs:
        (folder / site).mkdir(parents=True)
    return folder


def test_a_virtualenv_beside_the_code_lends_its_site_packages(tmp_path: Path) -> None:
    venv = _venv(tmp_path / ".venv", "lib/python3.11/site-packages")
    (tmp_path / "app.py").write_text("import requests\n")
    assert checkout_site_packages(tmp_path) == [(venv / "lib/python3.11/site-packages").resolve()]


def test_a_folder_without_pyvenv_cfg_is_not_a_virtualenv(tmp_path: Path) -> None:
    (tmp_path / "venv" / "lib" / "python3.11" / "site-packages").mkdir(parents=True)
    assert checkout_site_packages(tmp_path) == []


def test_a_virtualenv_below_the_top_belongs_to_a_sub_project_and_is_not_read(tmp_path: Path) -> None:
    _venv(tmp_path / "services" / "api" / ".venv", "lib/python3.11/site-packages")
    assert checkout_site_packages(tmp_path) == []


def test_every_layout_of_site_packages_is_found_once(tmp_path: Path) -> None:
    venv = _venv(tmp_path / "env", "lib/python3.12/site-packages", "Lib/site-packages")
    (venv / "lib64").symlink_to(venv / "lib")  # as venv makes it on some Linux distributions
    assert site_packages(venv) == [
        (venv / "lib/python3.12/site-packages").resolve(),
        (venv / "Lib/site-packages").resolve(),
    ]


def test_several_virtualenvs_are_read_in_the_order_of_their_names(tmp_path: Path) -> None:
    second = _venv(tmp_path / "venv", "lib/python3.11/site-packages")
    first = _venv(tmp_path / ".venv", "lib/python3.12/site-packages")
    assert checkout_site_packages(tmp_path) == [
        (first / "lib/python3.12/site-packages").resolve(),
        (second / "lib/python3.11/site-packages").resolve(),
    ]
