"""A built wheel carries cypher/, schema/ and corpus.toml, and an installed copy finds them.

They live at the top of the repository; a wheel holds only packages, so setup.py copies
them into graph_rag/_data, where graph_rag.resources looks when there is no checkout.
The wheel is built from a copy of the sources (no network: the venv's setuptools).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from graph_rag.resources import SHIPPED

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "graph_rag", *SHIPPED)

# Run by the installed copy, from a directory that has no checkout around it.
PROBE = """
import json, sys
sys.path.insert(0, sys.argv[1])
import graph_rag.resources as r
from graph_rag.store.queries import QueryRegistry
print(json.dumps({
    "module": r.__file__,
    "cypher": str(r.CYPHER_DIR),
    "schema": str(r.SCHEMA_DIR),
    "manifest": str(r.CURATED_MANIFEST),
    "queries": len(QueryRegistry.load(r.CYPHER_DIR)),
    "graphql": (r.SCHEMA_DIR / "schema.graphql").is_file(),
}))
"""


def _files_under(root: Path, name: str) -> set[str]:
    path = root / name
    if path.is_file():
        return {name}
    return {p.relative_to(root).as_posix() for p in path.rglob("*") if p.is_file()}


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "_data"))
        else:
            source.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, source / name)
    out = tmp_path / "wheel"
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run([*command, str(source), "-w", str(out)], check=True, capture_output=True, timeout=300)
    (wheel,) = out.glob("graph_rag-*.whl")
    return wheel


def test_the_wheel_ships_every_data_file_and_the_installed_copy_uses_them(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n.removeprefix("graph_rag/_data/") for n in archive.namelist() if "/_data/" in n}
        archive.extractall(tmp_path / "site")
    expected = set().union(*(_files_under(ROOT, name) for name in SHIPPED))
    assert shipped == expected

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = [sys.executable, "-c", PROBE, str(tmp_path / "site")]
    ran = subprocess.run(probe, cwd=elsewhere, check=True, capture_output=True, text=True)
    found = json.loads(ran.stdout)
    data = tmp_path / "site" / "graph_rag" / "_data"
    assert found["module"] == str(tmp_path / "site" / "graph_rag" / "resources.py")
    assert found["cypher"] == str(data / "cypher")
    assert found["schema"] == str(data / "schema")
    assert found["manifest"] == str(data / "corpus.toml")
    assert found["queries"] > 0 and found["graphql"]


def test_a_checkout_reads_its_own_files_not_an_installed_copy() -> None:
    from graph_rag import resources

    assert resources.CYPHER_DIR == ROOT / "cypher"
    assert resources.SCHEMA_DIR == ROOT / "schema"
    assert resources.CURATED_MANIFEST == ROOT / "corpus.toml"
