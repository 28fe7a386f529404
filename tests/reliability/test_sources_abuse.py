"""Sources abuse beyond tests/sources (which covers ext::, fd::, option-like URLs and ssh
hosts, control characters, schemes, file:// hosts, submodules, unsafe refs, symlinks out
of the tree and loops, NUL-byte and oversized files): hostile URL paths, hard links,
huge and sparse files, zip-bomb-like trees (many tiny files, very deep directories)
and odd file names. Each is refused or bounded, and nothing is written outside the
cache directory.

Fixtures are built in tmp_path: a git repository ``upstream`` (one module), plain
directory trees for discovery.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from graph_rag.errors import SourceError
from graph_rag.sources import SkipReason, discover_files, resolve_source
from graph_rag.sources.urls import cache_dir_name, parse_git_url


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")}


@pytest.mark.parametrize(
    "spec",
    [
        "https://example.com/..",
        "https://example.com/../../etc/passwd",
        "https://example.com/%2e%2e/%2e%2e/x",
        "https://example.com/a/..%2f..%2fescape.git",
        "ssh://git@example.com/../../root/.ssh",
        "git@example.com:../../x.git",
        "file:///srv/../../etc",
        "https://example.com/" + "a" * 5000,
    ],
)
def test_hostile_url_paths_name_one_safe_folder_in_the_cache(spec: str) -> None:
    try:
        name = cache_dir_name(parse_git_url(spec))
    except SourceError:
        return  # refused outright: fine
    assert "/" not in name and "\\" not in name and name not in {".", ".."} and not name.startswith(".")
    assert len(name) <= 255
    assert (Path("/cache") / name).resolve().parent == Path("/cache")


def test_a_file_url_with_dot_dot_clones_inside_the_cache_only(tmp_path: Path) -> None:
    upstream = tmp_path / "up" / "upstream"
    upstream.mkdir(parents=True)
    (upstream / "m.py").write_text("def f():\n    return 1\n")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@x",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@x",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "first"]):
        subprocess.run(["git", *args], cwd=upstream, env=env, check=True, capture_output=True)
    outside = _tree(tmp_path)
    cache = tmp_path / "cache"
    spec = f"file://{tmp_path}/up/../up/upstream"
    try:
        checkout = resolve_source(spec, cache_dir=cache)
    except SourceError as e:
        assert "Refusing" in str(e) or "clone" in str(e).lower()
    else:
        assert checkout.root.resolve().is_relative_to(cache.resolve())
        assert (checkout.root / "m.py").is_file()
    new = {p for p in _tree(tmp_path) - outside if not p.startswith("cache")}
    assert new == set(), f"written outside the cache: {sorted(new)[:5]}"


def test_a_hard_link_to_a_file_outside_is_an_ordinary_file(tmp_path: Path) -> None:
    """Documented behaviour: git never checks out hard links, so only a local directory the
    user chose can hold one; its content is the directory's own file and is indexed."""
    secret = tmp_path / "outside.py"
    secret.write_text("password = 1\n")
    root = tmp_path / "repo"
    root.mkdir()
    os.link(secret, root / "linked.py")
    assert discover_files(root).files == ("linked.py",)


def test_a_huge_sparse_file_is_skipped_without_reading_it(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    with (root / "huge.py").open("wb") as f:
        f.truncate(8 * 2**30)  # 8 GiB, sparse: costs nothing on disk
    (root / "ok.py").write_text("x = 1\n")
    began = time.perf_counter()
    found = discover_files(root)
    assert time.perf_counter() - began < 5
    assert found.files == ("ok.py",)
    assert {s.path: s.reason for s in found.skipped}["huge.py"] == SkipReason.TOO_LARGE


def test_many_tiny_files_and_very_deep_directories_are_bounded(tmp_path: Path) -> None:
    root = tmp_path / "bomb"
    for i in range(3000):
        d = root / f"d{i % 30}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"m{i}.py").write_text("")
    deep = root
    for i in range(120):
        deep = deep / f"n{i}"
    deep.mkdir(parents=True)
    (deep / "bottom.py").write_text("x = 1\n")
    began = time.perf_counter()
    found = discover_files(root)
    seconds = time.perf_counter() - began
    assert len(found.files) == 3001
    assert any(f.endswith("bottom.py") for f in found.files)
    assert seconds < 30, f"{seconds:.1f} s for 3,001 files"


@pytest.mark.parametrize(
    "name",
    [
        "a\nb.py",
        "--upload-pack=touch x.py",
        "-e.py",
        "..py",
        "ünï cödé.py",
        "$(touch pwned).py",
        "`id`.py",
        "a\\..\\..\\b.py",
    ],
)
def test_odd_file_names_are_plain_files(tmp_path: Path, name: str) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / name).write_text("x = 1\n")
    found = discover_files(root)
    assert found.files == (name,)
    assert not (root / "pwned").exists() and not (tmp_path / "pwned").exists()
