"""Where the project's data files are: ``cypher/``, ``schema/`` and ``corpus.toml``.

In a checkout (and an editable install) they sit beside the package; a built wheel
carries copies inside it, under ``graph_rag/_data`` (see ``setup.py``). The checkout
wins, so an edit to a ``.cypher`` file takes effect without reinstalling.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# The names setup.py copies into the wheel; nothing else is looked up here.
SHIPPED = ("cypher", "schema", "corpus.toml")


def data_path(name: str) -> Path:
    """The checkout's ``name`` if there is one, else the installed copy."""
    if name not in SHIPPED:
        raise ValueError(f"{name!r} is not a shipped data file; expected one of {SHIPPED}")
    checkout = _PACKAGE.parent / name
    if checkout.exists():
        return checkout
    return _PACKAGE / "_data" / name


def in_checkout() -> bool:
    """Whether the data files are a checkout's (writable, versioned), not an installed copy."""
    return not SCHEMA_DIR.is_relative_to(_PACKAGE / "_data")


CYPHER_DIR = data_path("cypher")
SCHEMA_DIR = data_path("schema")
CURATED_MANIFEST = data_path("corpus.toml")
