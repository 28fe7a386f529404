"""What counts as a safe git URL, the name we give it, and how it is shown.

No fixture repository: these are pure string checks, run before git is called.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_rag.errors import SourceError
from graph_rag.sources import resolve_source
from graph_rag.sources.urls import cache_dir_name, parse_git_url, redact

REFUSED = [
    (
        "ext::sh -c touch /tmp/x",
        "Refusing source 'ext::sh -c touch /tmp/x': the 'ext::' transport runs arbitrary commands.",
    ),
    (
        "fd::17",
        "Refusing source 'fd::17': the 'fd::' remote-helper transport is not allowed.",
    ),
    (
        "--upload-pack=touch /tmp/pwned",
        "Refusing source '--upload-pack=touch /tmp/pwned': "
        "it starts with '-', so git would read it as an option.",
    ),
    (
        "-oProxyCommand=touch /tmp/pwned",
        "Refusing source '-oProxyCommand=touch /tmp/pwned': "
        "it starts with '-', so git would read it as an option.",
    ),
    (
        "-u",
        "Refusing source '-u': it starts with '-', so git would read it as an option.",
    ),
    (
        "--config=core.sshCommand=touch /tmp/pwned",
        "Refusing source '--config=core.sshCommand=touch /tmp/pwned': "
        "it starts with '-', so git would read it as an option.",
    ),
    (
        "ssh://-oProxyCommand=touch%20/tmp/pwned/repo",
        "Refusing source 'ssh://-oProxyCommand=touch%20/tmp/pwned/repo': "
        "the host starts with '-', so ssh would read it as an option.",
    ),
    (
        "-oProxyCommand=x@host:repo",
        "Refusing source '-oProxyCommand=x@host:repo': "
        "it starts with '-', so git would read it as an option.",
    ),
    (
        "https://example.com/repo.git\n--upload-pack=touch /tmp/pwned",
        "Refusing source 'https://example.com/repo.git\\n--upload-pack=touch /tmp/pwned': "
        "it contains a control character (newline, tab or similar).",
    ),
    (
        "ftp://example.com/repo.git",
        "Refusing source 'ftp://example.com/repo.git': "
        "scheme 'ftp' is not allowed (use one of https, http, ssh, git, file).",
    ),
    ("https:///repo.git", "Refusing source 'https:///repo.git': the URL has no host."),
    (
        "https://example.com:99999/repo.git",
        "Refusing source 'https://example.com:99999/repo.git': malformed URL (Port out of range 0-65535).",
    ),
    (
        "file://otherhost/srv/repo.git",
        "Refusing source 'file://otherhost/srv/repo.git': a file:// URL cannot name a remote host.",
    ),
    ("", "Refusing source '': it is empty."),
]


@pytest.mark.parametrize(("spec", "message"), REFUSED)
def test_unsafe_sources_are_refused_before_git_runs(spec: str, message: str, cache_dir: Path) -> None:
    with pytest.raises(SourceError) as info:
        resolve_source(spec, cache_dir=cache_dir)
    assert str(info.value) == message
    assert not cache_dir.exists()  # nothing was written


ACCEPTED = [
    # spec, scheme, name, display
    ("https://github.com/pallets/flask.git", "https", "flask", "https://github.com/pallets/flask.git"),
    ("https://github.com/pallets/flask/", "https", "flask", "https://github.com/pallets/flask/"),
    ("https://ghp_secret@github.com/org/private.git", "https", "private",
     "https://github.com/org/private.git"),
    ("https://user:pass@example.com/r", "https", "r", "https://example.com/r"),
    ("ssh://git@github.com/pallets/click.git", "ssh", "click", "ssh://git@github.com/pallets/click.git"),
    ("git+ssh://git@host:2222/srv/tool", "ssh", "tool", "git+ssh://git@host:2222/srv/tool"),
    ("git@github.com:pallets/jinja.git", "ssh", "jinja", "git@github.com:pallets/jinja.git"),
    ("git://example.org/proj.git", "git", "proj", "git://example.org/proj.git"),
    ("file:///srv/git/lib.git", "file", "lib", "file:///srv/git/lib.git"),
    ("http://127.0.0.1:8080/repo", "http", "repo", "http://127.0.0.1:8080/repo"),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "scheme", "name", "display"), ACCEPTED)
def test_accepted_urls(spec: str, scheme: str, name: str, display: str) -> None:
    url = parse_git_url(spec)
    assert (url.url, url.scheme, url.name, url.display) == (spec, scheme, name, display)


def test_credentials_never_reach_messages_or_cache_names() -> None:
    with_token = parse_git_url("https://tok3n@example.com/org/repo.git")
    plain = parse_git_url("https://example.com/org/repo.git")
    assert "tok3n" not in cache_dir_name(with_token)
    # The same repository with or without a token shares one clone.
    assert cache_dir_name(with_token) == cache_dir_name(plain)
    assert cache_dir_name(plain).startswith("repo-")


def test_same_name_different_hosts_get_different_clones() -> None:
    a = cache_dir_name(parse_git_url("https://a.example/x/utils.git"))
    b = cache_dir_name(parse_git_url("https://b.example/y/utils.git"))
    assert a != b and a.startswith("utils-") and b.startswith("utils-")


def test_redact_keeps_ssh_user_but_drops_password() -> None:
    assert redact("ssh://git:secret@host/r.git") == "ssh://git@host/r.git"
    assert redact("/a/local/path") == "/a/local/path"
