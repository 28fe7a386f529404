# ``Path.open`` and ``os.fdopen`` return the file class their literal mode picks, as
# ``open`` does (pytest's ``path.open("w")`` and ``os.fdopen(fd, "w")``).
import os
from pathlib import Path


def save(fd, path: Path):
    with os.fdopen(fd, "w") as out:
        out.write("x")
    with path.open("rb") as raw:
        raw.read()
    with path.open() as text:
        text.readline()
