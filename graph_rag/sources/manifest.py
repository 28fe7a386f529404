"""A corpus manifest: the repositories a team keeps in its graph, read from TOML.

Pure: reading the file is the only I/O (``load_manifest``); ``parse_manifest``
takes the text. One bad entry never spoils the others: each entry's problems
(an unknown key, a bad URL, no pinned ref, a value of the wrong type) become an
``EntryProblem`` naming it, and the good entries are still returned. Only a file
that is not a manifest at all (bad TOML, a malformed ``[defaults]``) raises.

    name = "python-web"            # optional; default: the file's stem

    [defaults]                     # optional; any entry key except url, path, ref
    origin = "curated"
    skip_examples = true

    [repos.fastapi]
    url = "https://github.com/fastapi/fastapi"
    ref = "0.115.6"                # branch, tag or commit: required with url
    role = "api_framework"
    include = ["fastapi/"]         # .gitignore-style patterns
    exclude = ["fastapi/_compat.py"]
    max_file_bytes = 524288
    skip_tests = false

    [repos.shop]
    path = "../shop"               # a local directory, relative to the manifest
    origin = "inhouse"
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_rag.errors import SourceError
from graph_rag.model import Origin
from graph_rag.sources.checkout import GIT_REF  # a branch, tag or commit, as resolve_source checks
from graph_rag.sources.discovery import DEFAULT_MAX_FILE_BYTES
from graph_rag.sources.urls import looks_like_url, parse_git_url

# Patterns (.gitignore syntax) that skip_tests / skip_examples add to an entry's excludes;
# test code as the parser counts it (parse/definitions.py): a test/ or testing/ folder
# only at the top, as inside a package (django/test/) it is the package's own helpers.
TEST_PATTERNS = ("tests/", "/test/", "/testing/", "test_*.py", "*_test.py", "tests.py", "conftest.py")
EXAMPLE_PATTERNS = ("examples/", "example/", "docs_src/", "samples/")

ENTRY_KEYS = (
    "url", "path", "ref", "origin", "role", "include", "exclude",
    "max_file_bytes", "skip_tests", "skip_examples",
)  # fmt: skip
DEFAULT_KEYS = tuple(k for k in ENTRY_KEYS if k not in ("url", "path", "ref"))
TOP_KEYS = ("name", "defaults", "repos")

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One repository of the corpus, with its filters resolved (defaults applied)."""

    name: str
    url: str = ""  # a git URL, or
    path: str = ""  # an absolute local directory
    ref: str | None = None
    origin: Origin = Origin.CURATED
    role: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    skip_tests: bool = False
    skip_examples: bool = False

    @property
    def spec(self) -> str:
        """What ``resolve_source`` takes: the URL or the directory."""
        return self.url or self.path

    @property
    def exclude_patterns(self) -> tuple[str, ...]:
        """``exclude`` plus what skip_tests and skip_examples stand for."""
        extra = (TEST_PATTERNS if self.skip_tests else ()) + (EXAMPLE_PATTERNS if self.skip_examples else ())
        return tuple(dict.fromkeys(self.exclude + extra))

    def fingerprint(self) -> str:
        """A digest of everything but the name and ref: when it changes, the entry is re-ingested."""
        settings = {
            "spec": self.spec,
            "origin": self.origin.value,
            "role": self.role,
            "include": list(self.include),
            "exclude": list(self.exclude_patterns),
            "max_file_bytes": self.max_file_bytes,
        }
        return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]

    def __str__(self) -> str:
        return f"{self.name} ({self.spec}{'@' + self.ref if self.ref else ''})"


@dataclass(frozen=True, slots=True)
class EntryProblem:
    """Why one entry (or, with ``entry=""``, a top-level key) cannot be used."""

    entry: str
    message: str

    def __str__(self) -> str:
        return f"[repos.{self.entry}] {self.message}" if self.entry else self.message


@dataclass(frozen=True, slots=True)
class Manifest:
    name: str  # marks the repositories this manifest manages (for --prune)
    entries: tuple[CorpusEntry, ...]
    problems: tuple[EntryProblem, ...] = ()
    source: str = ""  # the file it was read from
    defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> frozenset[str]:
        """Every entry's name, usable or not: a broken entry is not "dropped"."""
        return frozenset(e.name for e in self.entries) | {p.entry for p in self.problems if p.entry}


def load_manifest(path: Path) -> Manifest:
    """Read a manifest file; relative ``path`` entries are taken from its folder."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise SourceError(f"No corpus manifest at {path}.") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SourceError(f"Cannot read the corpus manifest {path}: {e}.") from None
    return parse_manifest(text, base_dir=path.resolve().parent, default_name=path.stem, source=str(path))


def parse_manifest(
    text: str, *, base_dir: Path, default_name: str = "corpus", source: str = "<manifest>"
) -> Manifest:
    """A manifest from TOML text; per-entry problems are collected, not raised."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise SourceError(f"{source} is not valid TOML: {e}.") from None
    # Fatal, not a problem to warn about: [repo.x] for [repos.x] would otherwise read as an
    # empty manifest, and `corpus sync --prune` would remove every repository it listed.
    for key in doc:
        if key not in TOP_KEYS:
            raise SourceError(
                f"{source}: unknown top-level key {key!r}{_suggest(key, TOP_KEYS)} "
                f"(allowed: {', '.join(TOP_KEYS)})."
            )
    problems: list[EntryProblem] = []
    name = doc.get("name", default_name)
    if not isinstance(name, str) or not _NAME.match(name):
        raise SourceError(f"{source}: 'name' must be a short name (letters, digits, '.', '_', '-').")
    defaults = doc.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SourceError(f"{source}: [defaults] must be a table.")
    for key in defaults:
        if key not in DEFAULT_KEYS:
            raise SourceError(
                f"{source}: [defaults] has unknown key {key!r}{_suggest(key, DEFAULT_KEYS)} "
                f"(allowed: {', '.join(DEFAULT_KEYS)})."
            )
    try:
        resolved_defaults = _settings(defaults)
    except _Bad as e:
        raise SourceError(f"{source}: [defaults] {e}.") from None
    repos = doc.get("repos", {})
    if not isinstance(repos, dict):
        raise SourceError(f"{source}: 'repos' must be a table of [repos.<name>] entries.")
    entries: list[CorpusEntry] = []
    for entry_name, table in repos.items():
        try:
            entries.append(_entry(entry_name, table, resolved_defaults, base_dir))
        except _Bad as e:
            problems.append(EntryProblem(entry_name, str(e)))
    return Manifest(
        name=name,
        entries=tuple(entries),
        problems=tuple(problems),
        source=source,
        defaults=dict(defaults),
    )


class _Bad(Exception):
    """One entry's problem (internal: becomes an EntryProblem)."""


def _entry(name: str, table: object, defaults: dict[str, Any], base_dir: Path) -> CorpusEntry:
    if not _NAME.match(name):
        raise _Bad("the name must start with a letter or digit and hold only letters, digits, '.', '_', '-'")
    if not isinstance(table, dict):
        raise _Bad("must be a table (url = ..., ref = ...)")
    unknown = [key for key in table if key not in ENTRY_KEYS]
    if unknown:
        key = unknown[0]
        raise _Bad(f"unknown key {key!r}{_suggest(key, ENTRY_KEYS)} (allowed: {', '.join(ENTRY_KEYS)})")
    url, path, ref = table.get("url"), table.get("path"), table.get("ref")
    if (url is None) == (path is None):
        raise _Bad("needs exactly one of 'url' (a git URL) or 'path' (a local directory)")
    if ref is not None and (not isinstance(ref, str) or not GIT_REF.match(ref)):
        raise _Bad(f"ref {ref!r} is not a branch, tag or commit name")
    settings = {**defaults, **_settings({k: v for k, v in table.items() if k in DEFAULT_KEYS})}
    if url is not None:
        if not isinstance(url, str):
            raise _Bad("'url' must be a string")
        if not looks_like_url(url):
            raise _Bad(f"url {url!r} is not a git URL (https://, ssh://, git@host:path or file://)")
        try:
            parse_git_url(url)
        except SourceError as e:
            raise _Bad(str(e).rstrip(".")) from None
        if ref is None:
            raise _Bad("has no 'ref': pin a branch, tag or commit (ref = \"v1.2.3\")")
        return CorpusEntry(name=name, url=url, ref=ref, **settings)
    if not isinstance(path, str) or not path:
        raise _Bad("'path' must be a non-empty string")
    if ref is not None:
        raise _Bad("a 'ref' needs a git 'url'; for a local repository use url = \"file:///...\"")
    directory = (base_dir / Path(path).expanduser()).resolve()
    return CorpusEntry(name=name, path=str(directory), **settings)


def _settings(table: dict[str, Any]) -> dict[str, Any]:
    """Type-check the filter and label keys of an entry or of [defaults]."""
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key == "origin":
            try:
                out[key] = Origin(value)
            except ValueError:
                allowed = " or ".join(repr(o.value) for o in Origin)
                raise _Bad(f"origin {value!r} must be {allowed}") from None
        elif key == "role":
            if not isinstance(value, str):
                raise _Bad("'role' must be a string")
            out[key] = value
        elif key in ("include", "exclude"):
            if not isinstance(value, list) or not all(isinstance(p, str) and p for p in value):
                raise _Bad(f"{key!r} must be a list of patterns (strings)")
            out[key] = tuple(value)
        elif key == "max_file_bytes":
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise _Bad("'max_file_bytes' must be a positive integer")
            out[key] = value
        elif key in ("skip_tests", "skip_examples"):
            if not isinstance(value, bool):
                raise _Bad(f"{key!r} must be true or false")
            out[key] = value
    return out


def _suggest(key: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)
