"""Which files to parse and the dotted module name of each one.

Astroid resolves ``import pkg.mod`` only if every module was built under the
name Python itself would give it, so the import roots matter more than any
other setting: a wrong root silently turns inferred calls into unresolved ones.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Directories never worth parsing when no explicit file list is given.
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"})
# Usually build output or a virtualenv, but a package when they hold an __init__.py
# (pip's ``operations/build``): skipped only when they are not one.
OUTPUT_DIRS = frozenset({"build", "dist", "venv", "env"})
# A directory with these names is a source base: a namespace package never spans above it.
SOURCE_BASES = frozenset({"src", "lib", "python"})


def walk_python_files(root: Path) -> list[Path]:
    """Every ``*.py`` under root, skipping hidden dirs, virtualenvs, build output and
    symlinks that lead out of root (never read: they are not the repository's)."""
    found: list[Path] = []
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if _worth_walking(here / d))
        for name in sorted(filenames):
            file = here / name
            if name.endswith(".py") and (not file.is_symlink() or inside(file, real_root)):
                found.append(file)
    return found


def _worth_walking(directory: Path) -> bool:
    name = directory.name
    if name.startswith(".") or name in SKIPPED_DIRS or (directory / "pyvenv.cfg").exists():
        return False
    return name not in OUTPUT_DIRS or (directory / "__init__.py").is_file()


def located(file: Path) -> Path:
    """``file``'s absolute path with its folders resolved and its own name kept: a file
    symlink (``pkg/alias.py`` -> ``core.py``) is the module its own path names, as Python
    imports it; resolved, it claimed its target's module and was a "duplicate module".
    A plain absolute path is taken as it is, without system calls."""
    if file.is_absolute() and ".." not in file.parts and not file.is_symlink():
        return file
    file = file.absolute()
    return file.parent.resolve() / file.name


def inside(file: Path, real_root: Path) -> bool:
    """Whether ``file`` (followed through symlinks) lies under the resolved ``real_root``."""
    return file.resolve().is_relative_to(real_root)


@functools.lru_cache(maxsize=65536)
def _is_package(directory: Path) -> bool:
    return (directory / "__init__.py").is_file()


@functools.lru_cache(maxsize=65536)
def _has_python_files(directory: Path) -> bool:
    try:
        return any(p.suffix == ".py" for p in directory.iterdir() if p.is_file())
    except OSError:
        return False


@functools.lru_cache(maxsize=64)
def top_of(repo_root: Path) -> Path:
    """The repository root, or the directory holding it when the root is itself a
    package (``src/flask`` parsed on its own): its modules are ``flask.*`` all the same."""
    top = repo_root
    while _is_package(top) and top.parent != top:
        top = top.parent
    return top


def import_root(path: Path, repo_root: Path) -> Path:
    """The directory that must be on ``sys.path`` for ``path`` to import as Python would.

    Climb through regular packages (``__init__.py``), then through directories
    holding only sub-directories (PEP 420 namespace packages), but never above
    the repository root (or the package it is) or a ``src/``-style source base.
    """
    repo_root = top_of(repo_root)
    directory = path.parent
    # A directory without __init__.py inside a regular package is a namespace portion
    # of it (flask's ``sansio/``): keep climbing.
    while directory != repo_root and (
        _is_package(directory) or (_is_package(directory.parent) and directory.name.isidentifier())
    ):
        directory = directory.parent
    if directory == path.parent:
        return directory  # a script or a module at the top of a root
    while (
        directory != repo_root
        and directory.name not in SOURCE_BASES
        and directory.name.isidentifier()
        and not _has_python_files(directory)
    ):
        directory = directory.parent
    return directory


def dotted_name(path: Path, root: Path) -> str:
    """``root/pkg/mod.py`` -> ``pkg.mod``; ``root/pkg/__init__.py`` -> ``pkg``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts and parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


# Files that make a directory an installable project: packages under it are importable.
PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg")


def is_importable_root(directory: Path, repo_root: Path, file: Path) -> bool:
    """Whether modules under ``directory`` are imported by that name from outside.

    True for the repository root, a ``src/``-style source base, and the root of an
    installable project (``pyproject.toml``, ``setup.py``) for files inside a package
    there. A script directory (``tests/unit``, ``examples/app``, ``docs``) is not.
    """
    if directory == repo_root or directory.name in SOURCE_BASES:
        return True
    if file.parent == directory:  # a loose script next to its project file
        return False
    return any((directory / marker).is_file() for marker in PROJECT_MARKERS)


def path_name(path: Path, repo_root: Path) -> str:
    """The module name from the path under the repository root: ``tests/unit/conftest.py``
    -> ``tests.unit.conftest``. Unique per file, except ``foo.py`` beside ``foo/``."""
    return dotted_name(path, repo_root) or path.stem


def _package_first(file: Path) -> tuple[bool, Path]:
    """Sort key: Python imports ``foo/__init__.py`` rather than ``foo.py``, so it names first."""
    return file.name != "__init__.py", file


@dataclass(slots=True)
class ModuleIndex:
    """Module names of a repository's files, and the files behind module names.

    ``names`` maps a file to its canonical dotted name (the id the model uses);
    ``lookup`` maps every name an import may use for a file to that file.

    The canonical name is the importable one (from the import root) when the import
    root is the repository root, a source base or a project root, so ``requests.api``
    is the same name in every repository. Any other module (a ``conftest.py`` in a test
    directory without ``__init__.py``, ``examples/*/app.py``, ``docs/conf.py``) is named
    by its path under the repository root: ``tests.unit.conftest``. Where two files
    still claim one name, all of them take their path names. The import-root name stays
    a lookup alias where exactly one file has it; where several do (``a/util.py`` and
    ``b/util.py``, each beside a script), ``local_module`` answers per importing file. The
    rule reads only the file's place in the tree and the names other files of the tree
    claim, so parsing a subset of the files (``extra``: files outside the walked tree)
    never renames a module.
    """

    repo_root: Path
    names: dict[Path, str] = field(default_factory=dict)
    lookup: dict[str, Path] = field(default_factory=dict)
    # Each file's import root, and the aliases several roots hold: alias -> root -> file.
    roots: dict[Path, Path] = field(default_factory=dict)
    local_aliases: dict[str, dict[Path, Path]] = field(default_factory=dict)
    # Source roots of installed dependencies astroid may read (never parse into the graph).
    dependencies: tuple[Path, ...] = ()
    # dependency_file's answers: every import astroid follows asks, the stdlib's too.
    _dependency_files: dict[str, Path | None] = field(default_factory=dict, repr=False, compare=False)

    def local_module(self, modname: str, importer: str | None) -> str | None:
        """What an absolute import of ``modname`` in file ``importer`` reads when the name
        is an alias several import roots hold: the module in the importer's own root, as
        Python finds it first (a script's directory is ``sys.path[0]``). None otherwise."""
        root = self.roots.get(Path(importer)) if importer and self.local_aliases else None
        if root is None:
            return None
        parts = modname.split(".")
        for end in range(len(parts), 0, -1):
            file = self.local_aliases.get(".".join(parts[:end]), {}).get(root)
            if file is not None:
                return ".".join([self.names[file], *parts[end:]])
        return None

    def dependency_file(self, modname: str) -> Path | None:
        """The source of a dependency's module (``werkzeug.routing``), if a root has it."""
        if modname not in self._dependency_files:
            self._dependency_files[modname] = self._find_dependency_file(modname)
        return self._dependency_files[modname]

    def _find_dependency_file(self, modname: str) -> Path | None:
        parts = modname.split(".")
        if not all(part.isidentifier() for part in parts):
            return None
        for root in self.dependencies:
            base = root.joinpath(*parts)
            for candidate in (base / "__init__.py", base.with_suffix(".py")):
                if candidate.is_file():
                    return candidate
        return None

    @classmethod
    def build(
        cls,
        repo_root: Path,
        files: Iterable[Path],
        *,
        path_relative: bool = False,
        extra: Iterable[Path] = (),
        dependencies: Sequence[Path] = (),
    ) -> ModuleIndex:
        repo_root = repo_root.resolve()
        index = cls(repo_root, dependencies=tuple(d.resolve() for d in dependencies))
        real = [located(f) for f in files]
        tree = sorted({f for f in real if f.is_relative_to(repo_root)}, key=_package_first)
        extra = {f for f in map(located, extra) if f.is_relative_to(repo_root)}
        outside = sorted(extra - set(tree), key=_package_first)
        by_root: dict[Path, str] = {}
        preferred: dict[Path, str] = {}
        for file in [*tree, *outside]:
            root = index.roots[file] = import_root(file, repo_root)
            by_root[file] = dotted_name(file, root) or file.stem
            importable = path_relative is False and is_importable_root(root, top_of(repo_root), file)
            preferred[file] = by_root[file] if importable else path_name(file, repo_root)
        index._assign(tree, preferred, by_root)
        index._assign(outside, preferred, by_root)
        return index

    def _assign(self, files: list[Path], preferred: dict[Path, str], by_root: dict[Path, str]) -> None:
        """Canonical names for ``files`` (sorted), never taking a name already given."""
        claims: dict[str, list[Path]] = {}
        for file in files:
            claims.setdefault(preferred[file], []).append(file)
        for name, claimants in claims.items():
            for file in claimants:
                unique = len(claimants) == 1 and name not in self.lookup
                canonical = name if unique else path_name(file, self.repo_root)
                if canonical in self.lookup:  # foo.py beside foo/__init__.py
                    canonical = self.relative(file)
                self.names[file] = canonical
                self.lookup[canonical] = file
        aliases: dict[str, list[Path]] = {}
        for file in files:
            aliases.setdefault(by_root[file], []).append(file)
        for alias, claimants in aliases.items():
            if len(claimants) == 1 and alias not in self.lookup:
                self.lookup[alias] = claimants[0]
            elif len(claimants) > 1 or self.lookup[alias] != claimants[0]:
                for file in claimants:  # a package before a module of its name, as Python
                    self.local_aliases.setdefault(alias, {}).setdefault(self.roots[file], file)

    def namespace_packages(self) -> dict[str, list[str]]:
        """Dotted prefixes with no file of their own (PEP 420 namespaces) and their dirs."""
        spaces: dict[str, list[str]] = {}
        for name, file in self.lookup.items():
            parts = name.split(".")
            directory = file.parent if file.name != "__init__.py" else file.parent.parent
            for depth in range(len(parts) - 1, 0, -1):
                prefix = ".".join(parts[:depth])
                if prefix not in self.lookup:
                    spaces.setdefault(prefix, [])
                    if str(directory) not in spaces[prefix]:
                        spaces[prefix].append(str(directory))
                directory = directory.parent
        return spaces

    def relative(self, file: Path) -> str:
        return file.relative_to(self.repo_root).as_posix()


def resolve_files(repo_root: Path, files: Sequence[Path] | None) -> list[Path]:
    """Absolute paths of the files to parse: the given ones (relative to root or not)."""
    if files is None:
        return [located(f) for f in walk_python_files(repo_root)]
    return [located(f if f.is_absolute() else repo_root / f) for f in files]
