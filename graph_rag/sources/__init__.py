"""Where code comes from: a local directory or a git URL, the files worth parsing, and
what a repository's files say about it (license, tests, docs).

The public interface; everything else in this package is a private step.
"""

from graph_rag.locks import repository_lock
from graph_rag.sources.changes import ChangeSet, changed_files
from graph_rag.sources.checkout import DEFAULT_CLONE_TIMEOUT_S, SourceCheckout, held_source, resolve_source
from graph_rag.sources.discovery import (
    DEFAULT_MAX_FILE_BYTES,
    Discovery,
    Skipped,
    SkipReason,
    describe_defaults,
    discover_files,
)
from graph_rag.sources.environments import checkout_site_packages
from graph_rag.sources.signals import RepoSignals, repository_signals

__all__ = [
    "DEFAULT_CLONE_TIMEOUT_S",
    "DEFAULT_MAX_FILE_BYTES",
    "ChangeSet",
    "Discovery",
    "RepoSignals",
    "SkipReason",
    "Skipped",
    "SourceCheckout",
    "changed_files",
    "checkout_site_packages",
    "describe_defaults",
    "discover_files",
    "held_source",
    "repository_lock",
    "repository_signals",
    "resolve_source",
]
