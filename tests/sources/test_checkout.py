"""resolve_source: local directories as they are, git URLs cloned safely into a cache.

Fixtures (built per test in tmp_path):
- ``upstream``: a git repo with ``pkg/__init__.py``, ``pkg/core.py`` and a tag ``v1``
  on its first commit; tests add commits to it.
- ``with_submodule``: a git repo whose ``vendored/`` is a submodule pointing at ``upstream``.
- ``plain``: a directory with ``mod.py`` and no git.
"""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from graph_rag.errors import Busy, SourceError
from graph_rag.sources import SourceCheckout, held_source, resolve_source

from .conftest import Files, commit, git

MakeRepo = Callable[[str, Files], Path]


@pytest.fixture
def upstream(make_repo: MakeRepo) -> Path:
    repo = make_repo("upstream", {"pkg/__init__.py": "", "pkg/core.py": "def f():\n    pass\n"})
    git(repo, "tag", "v1")
    return repo


def test_plain_directory_is_used_in_place(tmp_path: Path, cache_dir: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "mod.py").write_text("x = 1\n")
    got = resolve_source(str(plain), cache_dir=cache_dir)
    assert got == SourceCheckout(
        root=plain.resolve(), name="plain", url="", commit="", is_git=False, source=str(plain.resolve())
    )
    assert not cache_dir.exists()


@pytest.mark.parametrize("name", ["acme:lib", " ", "two\nlines"])
def test_a_repository_name_that_would_break_ids_is_refused(
    tmp_path: Path, cache_dir: Path, name: str
) -> None:
    """Ids are ``repository:qualified.name``, split at the first ':' (two repositories
    named ``acme:lib`` and ``acme:app`` would read as one, ``acme``): refused, from
    --name or from the directory's own name, before anything is read."""
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(SourceError, match=r"cannot be used: .* hold no ':'.*Choose another name"):
        resolve_source(str(plain), cache_dir=cache_dir, name=name)
    odd = tmp_path / "acme:lib"
    odd.mkdir()
    with pytest.raises(
        SourceError, match=r"'acme:lib' \(the directory's or the URL's name\).*Pass another --name"
    ):
        resolve_source(str(odd), cache_dir=cache_dir)
    assert resolve_source(str(odd), cache_dir=cache_dir, name="acme-lib").name == "acme-lib"


def test_local_git_repo_reports_head_and_origin(upstream: Path, cache_dir: Path) -> None:
    git(upstream, "remote", "add", "origin", "https://tok@example.com/team/upstream.git")
    got = resolve_source(str(upstream), cache_dir=cache_dir, name="mine")
    assert got == SourceCheckout(
        root=upstream.resolve(),
        name="mine",
        url="https://example.com/team/upstream.git",
        commit=git(upstream, "rev-parse", "HEAD"),
        is_git=True,
        source=str(upstream.resolve()),  # the folder, not its origin: two clones are two sources
    )
    assert not cache_dir.exists()


@pytest.mark.parametrize(
    ("change", "dirty"),
    [
        (None, False),
        ("edit", True),  # a tracked file edited, not committed
        ("new", True),  # a new file git does not ignore
        ("ignored", False),  # a new file .gitignore names: not part of the tree
    ],
)
def test_a_work_tree_that_differs_from_head_says_so(
    upstream: Path, cache_dir: Path, change: str | None, dirty: bool
) -> None:
    commit(upstream, {".gitignore": "*.log\n"})
    if change == "edit":
        next(p for p in upstream.rglob("*.py") if ".git" not in p.parts).write_text("x = 'uncommitted'\n")
    elif change == "new":
        (upstream / "new.py").write_text("def new():\n    pass\n")
    elif change == "ignored":
        (upstream / "run.log").write_text("noise\n")
    got = resolve_source(str(upstream), cache_dir=cache_dir)
    assert got.dirty is dirty
    assert str(got).endswith("+changes") is dirty


def test_file_url_is_cloned_shallow_into_the_cache(upstream: Path, cache_dir: Path) -> None:
    commit(upstream, {"pkg/more.py": "y = 2\n"})  # two commits upstream
    url = upstream.as_uri()
    got = resolve_source(url, cache_dir=cache_dir)
    assert got.root.parent == cache_dir.resolve()
    assert got.root.name.startswith("upstream-")
    assert (got.name, got.url, got.is_git, got.source) == ("upstream", url, True, url)
    assert stat.S_IMODE(got.root.stat().st_mode) == 0o700  # its .git/config may hold a token
    assert got.commit == git(upstream, "rev-parse", "HEAD")
    assert (got.root / "pkg/more.py").read_text() == "y = 2\n"
    assert git(got.root, "rev-list", "--count", "HEAD") == "1"  # depth 1
    assert [p.name for p in cache_dir.iterdir() if p.name != ".locks"] == [got.root.name]


def test_a_clone_being_read_is_not_checked_out_again_under_its_reader(
    upstream: Path, cache_dir: Path
) -> None:
    """An ingest holds its URL's clone until it ends: another ingest of the URL at another
    ref is refused before it touches the files the first one is parsing."""
    commit(upstream, {"pkg/core.py": "def g():\n    pass\n"})
    url = upstream.as_uri()
    with held_source(url, cache_dir=cache_dir, ref="v1") as first:
        with pytest.raises(Busy, match=r"The clone 'upstream-\w+' is busy"):
            resolve_source(url, cache_dir=cache_dir)  # the branch's head, after v1
        assert (first.root / "pkg/core.py").read_text() == "def f():\n    pass\n"
    assert (
        resolve_source(url, cache_dir=cache_dir).root / "pkg/core.py"
    ).read_text() == "def g():\n    pass\n"


def test_second_resolve_updates_the_same_clone(upstream: Path, cache_dir: Path) -> None:
    first = resolve_source(upstream.as_uri(), cache_dir=cache_dir)
    marker = first.root / ".git" / "graph-rag-marker"
    marker.write_text("same clone")
    (first.root / "stray.py").write_text("left over\n")
    new = commit(upstream, {"pkg/core.py": "def g():\n    pass\n"}, delete=("pkg/__init__.py",))
    second = resolve_source(upstream.as_uri(), cache_dir=cache_dir)
    assert second.root == first.root and marker.exists()  # fetched, not recloned
    assert second.commit == new
    assert (second.root / "pkg/core.py").read_text() == "def g():\n    pass\n"
    assert not (second.root / "pkg/__init__.py").exists()
    assert not (second.root / "stray.py").exists()


@pytest.mark.parametrize("ref", ["v1", "main", "first-commit-sha"])
def test_ref_selects_a_tag_branch_or_commit(upstream: Path, cache_dir: Path, ref: str) -> None:
    first = git(upstream, "rev-parse", "HEAD")
    later = commit(upstream, {"pkg/later.py": ""})
    expected = later if ref == "main" else first
    ref = first if ref == "first-commit-sha" else ref
    got = resolve_source(upstream.as_uri(), cache_dir=cache_dir, ref=ref)
    assert got.commit == expected


def test_a_broken_cache_directory_is_replaced(upstream: Path, cache_dir: Path) -> None:
    first = resolve_source(upstream.as_uri(), cache_dir=cache_dir)
    git(first.root, "config", "remote.origin.url", "https://example.com/someone-else.git")
    again = resolve_source(upstream.as_uri(), cache_dir=cache_dir)
    assert again.root == first.root
    assert again.commit == git(upstream, "rev-parse", "HEAD")


def test_submodules_are_not_cloned(upstream: Path, make_repo: MakeRepo, cache_dir: Path) -> None:
    outer = make_repo("with_submodule", {"app.py": "import pkg\n"})
    git(outer, "submodule", "add", "-q", upstream.as_uri(), "vendored")
    commit(outer, message="add submodule")
    got = resolve_source(outer.as_uri(), cache_dir=cache_dir)
    assert (got.root / ".gitmodules").exists()
    assert list((got.root / "vendored").iterdir()) == []
    assert not (got.root / ".git" / "modules").exists()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_clone_failures_are_one_clear_line(tmp_path: Path, cache_dir: Path) -> None:
    not_a_repo = tmp_path / "not-a-repo"
    not_a_repo.mkdir()
    port = _closed_port()
    cases = [
        (f"http://127.0.0.1:{port}/repo.git",
         f"Cannot fetch http://127.0.0.1:{port}/repo.git: unreachable (connection refused)."),
        (not_a_repo.as_uri(), f"Cannot fetch {not_a_repo.as_uri()}: not a git repository."),
        ((tmp_path / "missing").as_uri(),
         f"Cannot fetch {(tmp_path / 'missing').as_uri()}: not a git repository."),
    ]  # fmt: skip
    for spec, message in cases:
        with pytest.raises(SourceError) as info:
            resolve_source(spec, cache_dir=cache_dir, clone_timeout_s=30)
        assert str(info.value) == message
        assert [p for p in cache_dir.iterdir() if p.name != ".locks"] == []  # no half-made clone left


def test_a_clone_over_the_size_bound_stops_with_the_setting_to_raise(
    upstream: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (upstream / "blob.bin").write_bytes(os.urandom(3 * 1024 * 1024))  # random: it does not compress
    commit(upstream, message="a 3 MB file")
    monkeypatch.setenv("GRAPH_RAG_MAX_CLONE_MB", "1")
    with pytest.raises(SourceError) as info:
        resolve_source(upstream.as_uri(), cache_dir=cache_dir)
    assert str(info.value) == (
        f"Cannot fetch {upstream.as_uri()}: it is larger than 1 MB; "
        "raise GRAPH_RAG_MAX_CLONE_MB to ingest it."
    )
    assert [p for p in cache_dir.iterdir() if p.name != ".locks"] == []  # no half-made clone left
    monkeypatch.setenv("GRAPH_RAG_MAX_CLONE_MB", "8")
    assert (
        resolve_source(upstream.as_uri(), cache_dir=cache_dir).root / "blob.bin"
    ).stat().st_size > 3_000_000


def test_unknown_ref_is_named(upstream: Path, cache_dir: Path) -> None:
    with pytest.raises(SourceError) as info:
        resolve_source(upstream.as_uri(), cache_dir=cache_dir, ref="no-such-branch")
    assert str(info.value) == (
        f"Cannot fetch {upstream.as_uri()}: no such branch, tag or commit 'no-such-branch'."
    )


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("--upload-pack=x", "Refusing ref '--upload-pack=x': not a branch, tag or commit name."),
        (
            "main:refs/heads/x",
            "Refusing ref 'main:refs/heads/x': not a branch, tag or commit name.",
        ),
        ("a..b", "Refusing ref 'a..b': not a branch, tag or commit name."),
    ],
)
def test_unsafe_refs_are_refused(upstream: Path, cache_dir: Path, ref: str, message: str) -> None:
    with pytest.raises(SourceError) as info:
        resolve_source(upstream.as_uri(), cache_dir=cache_dir, ref=ref)
    assert str(info.value) == message


def test_local_paths_that_are_not_directories(tmp_path: Path, cache_dir: Path) -> None:
    a_file = tmp_path / "file.py"
    a_file.write_text("")
    with pytest.raises(SourceError) as info:
        resolve_source(str(tmp_path / "missing"), cache_dir=cache_dir)
    assert str(info.value) == (f"Source '{tmp_path / 'missing'}' does not exist, and it is not a git URL.")
    with pytest.raises(SourceError) as info:
        resolve_source(str(a_file), cache_dir=cache_dir)
    assert str(info.value) == f"Source '{a_file}' is not a directory, and it is not a git URL."


def test_ref_with_a_local_directory_is_refused(upstream: Path, cache_dir: Path) -> None:
    with pytest.raises(SourceError) as info:
        resolve_source(str(upstream), cache_dir=cache_dir, ref="v1")
    root = upstream.resolve()
    assert str(info.value) == (
        f"A ref ('v1') can only be given with a git URL; "
        f"check it out in {root} yourself or pass file://{root}."
    )
