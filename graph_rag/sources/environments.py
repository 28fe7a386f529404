"""Virtualenvs at the top of a checkout: where its installed dependencies' sources are.

A project that keeps its virtualenv beside its code (``.venv/``, ``venv/``, any
folder with a ``pyvenv.cfg``) has there the source of everything it imports. The
parser reads (never imports) those packages to type what the code gets from them,
as ``--deps`` does, so calls on those objects resolve. Only folders directly under
the root are looked at: a virtualenv deeper down belongs to a sub-project whose
packages may not be this code's.
"""

from __future__ import annotations

from pathlib import Path


def site_packages(venv: Path) -> list[Path]:
    """The ``site-packages`` folders of one virtualenv (POSIX ``lib/pythonX.Y/``, Windows ``Lib/``)."""
    found = sorted(venv.glob("lib/python*/site-packages")) + sorted(venv.glob("lib64/python*/site-packages"))
    windows = venv / "Lib" / "site-packages"
    if windows.is_dir():
        found.append(windows)
    unique: list[Path] = []
    for folder in found:
        real = folder.resolve()
        if real.is_dir() and real not in unique:  # lib64 is often a link to lib
            unique.append(real)
    return unique


def checkout_site_packages(root: Path) -> list[Path]:
    """The ``site-packages`` of every virtualenv directly under ``root``, by folder name."""
    try:
        folders = sorted(p for p in root.iterdir() if p.is_dir())
    except OSError:
        return []
    return [sp for folder in folders if (folder / "pyvenv.cfg").is_file() for sp in site_packages(folder)]
