"""Which files to parse and the dotted module name of each one.

Astroid resolves ``import pkg.mod`` only if every module was built under the
name Python itself would give it, so the import roots matter more than any
other setting: a wrong root silently turns inferred calls into unresolved ones.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Directories never worth parsing when no explicit file list is given.
SKIPPED_DIRS = frozenset({"node_modules", "build", "dist", "__pycache__", "site-packages", "venv", "env"})
# A directory with these names is a source base: a namespace package never spans above it.
SOURCE_BASES = frozenset({"src", "lib", "python"})


def walk_python_files(root: Path) -> list[Path]:
    """Every ``*.py`` under root, skipping hidden dirs, virtualenvs and build output."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and d not in SKIPPED_DIRS and not (here / d / "pyvenv.cfg").exists()
        )
        found.extend(here / f for f in sorted(filenames) if f.endswith(".py"))
    return found


def _is_package(directory: Path) -> bool:
    return (directory / "__init__.py").is_file()


def _has_python_files(directory: Path) -> bool:
    try:
        return any(p.suffix == ".py" for p in directory.iterdir() if p.is_file())
    except OSError:
        return False


def import_root(path: Path, repo_root: Path) -> Path:
    """The directory that must be on ``sys.path`` for ``path`` to import as Python would.

    Climb through regular packages (``__init__.py``), then through directories
    holding only sub-directories (PEP 420 namespace packages), but never above
    the repository root or a ``src/``-style source base.
    """
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


@dataclass(slots=True)
class ModuleIndex:
    """Module names of a repository's files, and the files behind module names.

    ``names`` maps a file to its canonical dotted name (the id the model uses);
    ``lookup`` maps every name an import may use for a file to that file (the
    canonical one, plus the import-root name when the canonical names are
    path-relative, as in PyCG's convention).
    """

    repo_root: Path
    names: dict[Path, str] = field(default_factory=dict)
    lookup: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def build(cls, repo_root: Path, files: Iterable[Path], *, path_relative: bool = False) -> ModuleIndex:
        repo_root = repo_root.resolve()
        index = cls(repo_root)
        for file in sorted({f.resolve() for f in files}):
            by_root = dotted_name(file, import_root(file, repo_root))
            canonical = dotted_name(file, repo_root) if path_relative else by_root
            if not canonical or not all(p.isidentifier() for p in canonical.split(".")):
                canonical = canonical or file.stem
            index.names[file] = canonical
            index.lookup.setdefault(canonical, file)
            index.lookup.setdefault(by_root, file)
        return index

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

    def top_level(self) -> frozenset[str]:
        return frozenset(name.partition(".")[0] for name in self.lookup)

    def relative(self, file: Path) -> str:
        return file.relative_to(self.repo_root).as_posix()


def resolve_files(repo_root: Path, files: Sequence[Path] | None) -> list[Path]:
    """Absolute paths of the files to parse: the given ones (relative to root or not)."""
    if files is None:
        return walk_python_files(repo_root)
    return [(f if f.is_absolute() else repo_root / f).resolve() for f in files]
