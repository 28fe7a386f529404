"""Pinned source distributions from PyPI: real code nobody here wrote, never committed.

Each is downloaded once (``pip download --no-binary :all: --no-deps``) into
``~/.cache/graph-rag/sdists``, the cache the benchmarks share, and extracted there.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from pathlib import Path

SDISTS = Path.home() / ".cache" / "graph-rag" / "sdists"


def sdist(name: str, version: str) -> Path:
    """The extracted sdist of ``name==version``."""
    folder = SDISTS / f"{name}-{version}"
    if not folder.exists():
        archive = SDISTS / f"{name}-{version}.tar.gz"
        if not archive.exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                 f"{name}=={version}", "-d", str(SDISTS), "-q"],
                check=True,
                timeout=300,
            )  # fmt: skip
        with tarfile.open(archive) as tar:
            tar.extractall(SDISTS, filter="data")
    return folder
