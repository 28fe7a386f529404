"""Which git URLs we accept, and what we call them.

Pure string work, no I/O: a source spec that is not a local directory must be a
git URL of an allowed scheme, and anything git or ssh could read as an option or
a command (``ext::``, ``-oProxyCommand=...``, ``--upload-pack=...``, control
characters) is refused here, before git ever sees it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from graph_rag.errors import SourceError

ALLOWED_SCHEMES = ("https", "http", "ssh", "git", "file")
# git accepts these spellings of ssh in URLs.
_SSH_ALIASES = {"git+ssh": "ssh", "ssh+git": "ssh"}

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TRANSPORT = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)::")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_UNSAFE_NAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class GitUrl:
    """A git URL that passed the safety checks."""

    url: str  # exactly what git is given
    scheme: str  # one of ALLOWED_SCHEMES ("ssh" for scp-like git@host:path)
    display: str  # the URL without passwords or tokens: safe to log and store
    name: str  # the repository's name from the last path component

    def __str__(self) -> str:
        return self.display


def refuse(spec: str, why: str) -> SourceError:
    return SourceError(f"Refusing source {redact(spec)!r}: {why}.")


def check_spec(spec: str) -> None:
    """Refuse what no source may contain, local path or URL."""
    if not spec:
        raise SourceError("Refusing source '': it is empty.")
    if _CONTROL.search(spec):
        raise refuse(spec, "it contains a control character (newline, tab or similar)")
    if spec.startswith("-"):
        raise refuse(spec, "it starts with '-', so git would read it as an option")


def looks_like_url(spec: str) -> bool:
    """Whether git would treat ``spec`` as a remote rather than a local path."""
    if _TRANSPORT.match(spec) or _SCHEME.match(spec):
        return True
    # git's rule for scp-like syntax: a ':' before any '/'.
    colon, slash = spec.find(":"), spec.find("/")
    return colon > 0 and (slash < 0 or colon < slash)


def parse_git_url(spec: str) -> GitUrl:
    """Check a git URL and describe it, or raise SourceError saying what is wrong."""
    check_spec(spec)
    if transport := _TRANSPORT.match(spec):
        name = transport.group(1).lower()
        if name == "ext":
            raise refuse(spec, "the 'ext::' transport runs arbitrary commands")
        raise refuse(spec, f"the '{name}::' remote-helper transport is not allowed")
    if _SCHEME.match(spec):
        return _parse_scheme_url(spec)
    if looks_like_url(spec):
        return _parse_scp_like(spec)
    raise refuse(spec, "it is neither an existing directory nor a git URL")


def _parse_scheme_url(spec: str) -> GitUrl:
    try:
        parts = urlsplit(spec)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError as e:
        raise refuse(spec, f"malformed URL ({e})") from None
    scheme = _SSH_ALIASES.get(parts.scheme.lower(), parts.scheme.lower())
    if scheme not in ALLOWED_SCHEMES:
        allowed = ", ".join(ALLOWED_SCHEMES)
        raise refuse(spec, f"scheme '{parts.scheme}' is not allowed (use one of {allowed})")
    if scheme == "file":
        if host not in ("", "localhost"):
            raise refuse(spec, "a file:// URL cannot name a remote host")
        if not parts.path.strip("/"):
            raise refuse(spec, "the URL has no path")
    else:
        if not host:
            raise refuse(spec, "the URL has no host")
        if host.startswith("-") or (parts.username or "").startswith("-"):
            raise refuse(spec, "the host starts with '-', so ssh would read it as an option")
    return GitUrl(url=spec, scheme=scheme, display=redact(spec), name=_repo_name(parts.path, host))


def _parse_scp_like(spec: str) -> GitUrl:
    userhost, _, path = spec.partition(":")
    user, _, host = userhost.rpartition("@")
    if not host:
        raise refuse(spec, "the URL has no host")
    if host.startswith("-") or user.startswith("-"):
        raise refuse(spec, "the host starts with '-', so ssh would read it as an option")
    if not path.strip("/"):
        raise refuse(spec, "the URL has no path")
    return GitUrl(url=spec, scheme="ssh", display=spec, name=_repo_name(path, host))


def _repo_name(path: str, host: str) -> str:
    last = path.rstrip("/").rpartition("/")[2]
    last = last.removesuffix(".git")
    return last or host


def redact(spec: str) -> str:
    """The URL without credentials, so it is stable and safe to store and show.

    http(s) user info is dropped whole (it is often a bare token); ssh keeps its user.
    """
    match = _SCHEME.match(spec)
    if not match:
        return spec
    try:
        parts = urlsplit(spec)
    except ValueError:
        return spec
    if "@" not in parts.netloc:
        return spec
    userinfo, _, hostport = parts.netloc.rpartition("@")
    if parts.scheme.lower() in ("http", "https"):
        netloc = hostport
    else:
        netloc = f"{userinfo.partition(':')[0]}@{hostport}"
    return urlunsplit(parts._replace(netloc=netloc))


def safe_dir_name(name: str) -> str:
    """A name usable as one path component: no separators, dots or spaces at the ends."""
    cleaned = _UNSAFE_NAME_CHARS.sub("-", name).strip(".-")[:64]
    return cleaned or "repo"


def cache_dir_name(url: GitUrl) -> str:
    """``<name>-<hash>``: readable, and distinct for two repos with the same name."""
    digest = hashlib.sha256(url.display.encode()).hexdigest()[:12]
    return f"{safe_dir_name(url.name)}-{digest}"
