"""`corpus sync` against the real database: first sync, refresh, no-op, prune, bad entries.

Fixtures (conftest.py): upstream git repos ``lib`` and ``shop`` on branch ``main``,
reached through file:// URLs and cloned into the test's cache, as a remote would be.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import git
import pytest

from graph_rag.errors import SourceError
from graph_rag.locks import repository_lock
from graph_rag.services.corpus import FAILED, INGESTED, UNCHANGED, SyncReport, sync_corpus
from graph_rag.sources.manifest import load_manifest
from graph_rag.store import GraphStore

from .conftest import LIB, SHOP, MakeUpstream, commit_all, write_tree

WriteManifest = Callable[[str], Path]


def sync(store: GraphStore, manifest: Path, tmp_path: Path, **kwargs: object) -> SyncReport:
    return sync_corpus(load_manifest(manifest), store=store, cache_dir=tmp_path / "cache", **kwargs)  # type: ignore[arg-type]


def statuses(report: SyncReport) -> dict[str, str]:
    return {r.name: r.status for r in report.results}


def manifest_of(*entries: tuple[str, Path, str]) -> str:
    return 'name = "test-corpus"\n' + "".join(
        f'[repos.{name}]\nurl = "file://{root}"\nref = "{ref}"\nrole = "library"\n\n'
        for name, root, ref in entries
    )


def test_sync_refresh_and_noop(
    store: GraphStore, make_upstream: MakeUpstream, write_manifest: WriteManifest, tmp_path: Path
) -> None:
    lib, shop = make_upstream("lib", LIB), make_upstream("shop", SHOP)
    manifest = write_manifest(manifest_of(("lib", lib, "main"), ("shop", shop, "main")))

    first = sync(store, manifest, tmp_path)
    assert statuses(first) == {"lib": INGESTED, "shop": INGESTED}
    repos = {row["id"]: row for row in store.read("corpus_repositories")}
    assert repos["lib"]["commit"] == git.Repo(lib).head.commit.hexsha
    assert repos["lib"]["corpus"] == "test-corpus"

    # One file changes upstream: that file of that repository is parsed again, with
    # core.py, which calls into it (its edges were inferred through it).
    write_tree(lib, {"lib/util.py": 'def slugify(text):\n    """Dashes."""\n    return text\n'})
    new_commit = commit_all(lib, "shorter slugify")
    second = sync(store, manifest, tmp_path)
    assert statuses(second) == {"lib": INGESTED, "shop": UNCHANGED}
    lib_result = next(r for r in second.results if r.name == "lib")
    assert lib_result.report is not None
    assert (lib_result.report.files_parsed, lib_result.commit) == (2, new_commit)

    # Up to date: no clone touched, no parse, no write; only one read of the graph.
    seen: list[str] = []
    store.observers.append(lambda name, params: seen.append(name))
    third = sync(store, manifest, tmp_path)
    assert statuses(third) == {"lib": UNCHANGED, "shop": UNCHANGED}
    assert all(r.report is None for r in third.results)
    assert seen == ["corpus_repositories"]


def test_an_unchanged_entry_still_gets_the_vectors_it_lacks(
    store: GraphStore, make_upstream: MakeUpstream, write_manifest: WriteManifest, tmp_path: Path
) -> None:
    """Synced with --no-embed first: the next sync with embeddings does not re-ingest the
    unchanged entry, but does fill in its vectors (and loads no model when none lack)."""
    lib = make_upstream("lib", LIB)
    manifest = write_manifest(manifest_of(("lib", lib, "main")))
    sync(store, manifest, tmp_path)
    asked: list[str] = []

    def embed(store: GraphStore, repo_id: str, progress: object) -> tuple[int, int]:
        asked.append(repo_id)
        return 3, 0

    again = sync(store, manifest, tmp_path, embed=embed)
    assert [(r.status, r.embedded) for r in again.results] == [(UNCHANGED, 3)]
    assert asked == ["lib"]
    store.write("test.fill_vectors", repo_id="lib", vector=[1.0] + [0.0] * 383)
    assert [(r.status, r.embedded) for r in sync(store, manifest, tmp_path, embed=embed).results] == [
        (UNCHANGED, 0)
    ]
    assert asked == ["lib"]  # none lacked a vector: the embed stage (and its model) was not used


def test_a_work_tree_synced_with_uncommitted_changes_is_never_taken_as_up_to_date(
    store: GraphStore, make_upstream: MakeUpstream, write_manifest: WriteManifest, tmp_path: Path
) -> None:
    """HEAD alone does not say what was ingested from a work tree with changes: once they
    are gone (stashed, reverted), the next sync must ingest again, not skip."""
    lib = make_upstream("lib", LIB)
    write_tree(lib, {"lib/draft.py": "def draft():\n    pass\n"})  # not committed
    manifest = write_manifest(f'name = "test-corpus"\n[repos.lib]\npath = "{lib}"\nrole = "library"\n')
    first = sync(store, manifest, tmp_path)
    assert statuses(first) == {"lib": INGESTED}
    assert "lib:lib.draft.draft" in {row["id"] for row in store.read("graph_nodes")}
    (lib / "lib/draft.py").unlink()
    again = sync(store, manifest, tmp_path)
    assert statuses(again) == {"lib": INGESTED}
    assert "lib:lib.draft.draft" not in {row["id"] for row in store.read("graph_nodes")}
    assert statuses(sync(store, manifest, tmp_path)) == {"lib": UNCHANGED}  # clean now


def test_a_pinned_tag_does_not_move_with_the_branch(
    store: GraphStore, make_upstream: MakeUpstream, write_manifest: WriteManifest, tmp_path: Path
) -> None:
    lib = make_upstream("lib", LIB)
    git.Repo(lib).create_tag("v1.0", message="release 1.0")  # annotated: ls-remote peels it
    tagged = git.Repo(lib).head.commit.hexsha
    manifest = write_manifest(manifest_of(("lib", lib, "v1.0")))
    assert statuses(sync(store, manifest, tmp_path)) == {"lib": INGESTED}

    write_tree(lib, {"lib/new.py": "def new():\n    return 1\n"})
    commit_all(lib, "after the tag")
    again = sync(store, manifest, tmp_path)
    assert statuses(again) == {"lib": UNCHANGED}
    assert again.results[0].commit == tagged


def test_changed_entry_settings_reingest_without_parsing_unchanged_files(
    store: GraphStore, make_upstream: MakeUpstream, write_manifest: WriteManifest, tmp_path: Path
) -> None:
    lib = make_upstream("lib", LIB)
    manifest = write_manifest(manifest_of(("lib", lib, "main")))
    sync(store, manifest, tmp_path)
    manifest.write_text(manifest.read_text() + "skip_examples = true\nskip_tests = true\n")
    report = sync(store, manifest, tmp_path)
    result = report.results[0]
    assert result.status == INGESTED and result.report is not None
    assert (result.report.files_parsed, result.report.files_deleted) == (0, 2)


def test_dropped_repositories_are_listed_and_removed_only_with_prune(
    store: GraphStore, make_upstream: MakeUpstream, write_manifest: WriteManifest, tmp_path: Path
) -> None:
    lib, shop = make_upstream("lib", LIB), make_upstream("shop", SHOP)
    manifest = write_manifest(manifest_of(("lib", lib, "main"), ("shop", shop, "main")))
    sync(store, manifest, tmp_path)
    manifest.write_text(manifest_of(("lib", lib, "main")))

    kept = sync(store, manifest, tmp_path)
    assert (kept.dropped, kept.removed) == (["shop"], [])
    assert {row["id"] for row in store.read("corpus_repositories")} == {"lib", "shop"}

    pruned = sync(store, manifest, tmp_path, prune=True)
    assert (pruned.dropped, pruned.removed) == (["shop"], ["shop"])
    assert {row["id"] for row in store.read("corpus_repositories")} == {"lib"}
    assert not [n for n in store.read("graph_nodes") if (n["props"].get("repo_id") == "shop")]


def test_a_dropped_repository_being_written_is_left_and_the_rest_pruned(
    store: GraphStore, make_upstream: MakeUpstream, write_manifest: WriteManifest, tmp_path: Path
) -> None:
    """Another process writes `shop` (its lock is held): prune leaves it, says so, and
    still removes `extra` and reports what the sync did; the next sync prunes `shop`."""
    lib, shop, extra = make_upstream("lib", LIB), make_upstream("shop", SHOP), make_upstream("extra", LIB)
    manifest = write_manifest(
        manifest_of(("lib", lib, "main"), ("shop", shop, "main"), ("extra", extra, "main"))
    )
    sync(store, manifest, tmp_path)
    manifest.write_text(manifest_of(("lib", lib, "main")))
    with repository_lock(tmp_path / "cache", "shop"):
        pruned = sync(store, manifest, tmp_path, prune=True)
    assert (sorted(pruned.dropped), pruned.removed) == (["extra", "shop"], ["extra"])
    assert [w.split(":")[0] for w in pruned.warnings] == ["not removed"]
    assert "Repository 'shop' is busy" in pruned.warnings[0]
    assert statuses(pruned) == {"lib": UNCHANGED}
    assert sync(store, manifest, tmp_path, prune=True).removed == ["shop"]


def test_prune_refuses_to_empty_the_whole_corpus(
    store: GraphStore, make_upstream: MakeUpstream, write_manifest: WriteManifest, tmp_path: Path
) -> None:
    lib = make_upstream("lib", LIB)
    manifest = write_manifest(manifest_of(("lib", lib, "main")))
    sync(store, manifest, tmp_path)
    manifest.write_text('name = "test-corpus"\n')  # every [repos.*] gone, or misspelt
    with pytest.raises(SourceError, match="--prune would remove all of corpus 'test-corpus' \\(lib\\)"):
        sync(store, manifest, tmp_path, prune=True)
    assert {row["id"] for row in store.read("corpus_repositories")} == {"lib"}


def test_bad_entries_fail_one_by_one_and_the_rest_syncs(
    store: GraphStore, make_upstream: MakeUpstream, write_manifest: WriteManifest, tmp_path: Path
) -> None:
    lib = make_upstream("lib", LIB)
    manifest = write_manifest(
        f"""\
        name = "mixed"
        [repos.lib]
        url = "file://{lib}"
        ref = "main"

        [repos.typo]
        url = "file://{lib}"
        ref = "main"
        brnach = "main"

        [repos.badurl]
        url = "ext::sh -c touch% /tmp/pwned"
        ref = "main"

        [repos.unpinned]
        url = "file://{lib}"

        [repos.noref]
        url = "file://{lib}"
        ref = "v9.9"
        """
    )
    report = sync(store, manifest, tmp_path)
    assert statuses(report) == {
        "lib": INGESTED, "typo": FAILED, "badurl": FAILED, "unpinned": FAILED, "noref": FAILED,
    }  # fmt: skip
    errors = {r.name: r.error.removeprefix(f"{manifest}: ") for r in report.results if r.error}
    assert errors == {
        "typo": "[repos.typo] unknown key 'brnach' (allowed: url, path, ref, origin, role, include, "
        "exclude, max_file_bytes, skip_tests, skip_examples)",
        "badurl": "[repos.badurl] Refusing source 'ext::sh -c touch% /tmp/pwned': "
        "the 'ext::' transport runs arbitrary commands",
        "unpinned": "[repos.unpinned] has no 'ref': pin a branch, tag or commit (ref = \"v1.2.3\")",
        "noref": f"[repos.noref] Cannot fetch file://{lib}: no such branch, tag or commit 'v9.9'.",
    }
    assert not report.all_failed
    assert {row["id"] for row in store.read("corpus_repositories")} == {"lib"}
