"""Candidate corpus entries from an awesome-list README (awesome-python's markdown style).

Pure text work: nothing is fetched or cloned. Every ``## Section`` (``###`` for a
sub-section) is a category; each bullet ``* [name](url) - description`` under it
is a candidate whose role is the category's slug. A plain bullet that opens a
nested list (``* Algorithms`` then indented links) names a sub-category. Links
to something other than a repository on a known git host (a docs site, PyPI)
are reported as skipped, as are the table of contents and repeated URLs.

The result renders as manifest TOML for a person to review: entries carry no
``ref``, so ``corpus sync`` refuses them until one is pinned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from graph_rag.sources.manifest import toml_key, toml_string

GIT_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^(\s*)[*+-]\s+(.*)$")
_LINK_ITEM = re.compile(r"^\[([^\]]+)\]\(([^)\s]+)\)\s*(?:[-–—:]\s*(.*))?$")
_SLUG = re.compile(r"[^a-z0-9]+")
_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str  # unique among the candidates; usable as a [repos.<name>] key
    url: str  # https://host/owner/repo
    category: str  # the section heading
    role: str  # the category's slug: "web_frameworks"
    description: str = ""
    subcategory: str = ""


@dataclass(frozen=True, slots=True)
class Skipped:
    text: str
    reason: str
    category: str = ""


@dataclass(frozen=True, slots=True)
class AwesomeList:
    candidates: tuple[Candidate, ...]
    skipped: tuple[Skipped, ...] = ()
    sections: tuple[str, ...] = field(default=())  # every section heading, in order


def slug(text: str) -> str:
    return _SLUG.sub("_", text.lower()).strip("_")


def repository_url(url: str) -> str | None:
    """``https://host/owner/repo`` for a repository on a known git host, else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme not in ("http", "https") or host not in GIT_HOSTS or len(segments) < 2:
        return None
    owner, repo = segments[0], segments[1].removesuffix(".git")
    if host == "github.com" and owner in ("topics", "sponsors", "orgs", "marketplace", "features"):
        return None
    return f"https://{host}/{owner}/{repo}"


def read_awesome_list(markdown: str, *, sections: Sequence[str] = ()) -> AwesomeList:
    """Candidates under the chosen sections (all when empty; names compare case-insensitively)."""
    wanted = {slug(s) for s in sections}
    category = ""
    sub_by_indent: dict[int, str] = {}  # indent -> sub-category (-1: a ### heading)
    found: list[Candidate] = []
    skipped: list[Skipped] = []
    headings: list[str] = []
    seen_urls: set[str] = set()
    in_code = False
    for raw in markdown.splitlines():
        if raw.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if heading := _HEADING.match(raw):
            level, title = len(heading.group(1)), _plain(heading.group(2))
            if level == 1:
                category, sub_by_indent = "", {}
            elif level == 2 or not category:
                category, sub_by_indent = title, {}
                headings.append(title)
            else:
                sub_by_indent = {-1: title}
            continue
        bullet = _BULLET.match(raw)
        if not bullet or not category:
            continue  # the table of contents sits before the first section
        if wanted and slug(category) not in wanted:
            continue
        indent, item = len(bullet.group(1).expandtabs(4)), bullet.group(2).strip()
        sub_by_indent = {k: v for k, v in sub_by_indent.items() if k < indent}
        link = _LINK_ITEM.match(item)
        if not link:
            if item and "](" not in item:
                sub_by_indent[indent] = _plain(item)  # a sub-category opening a nested list
            continue
        text, url, description = link.group(1), link.group(2), (link.group(3) or "").strip()
        if url.startswith("#"):
            continue
        repo = repository_url(url)
        if repo is None:
            skipped.append(Skipped(f"{text} ({url})", "not a repository on a known git host", category))
            continue
        if repo.lower() in seen_urls:
            skipped.append(Skipped(f"{text} ({url})", "listed before", category))
            continue
        seen_urls.add(repo.lower())
        subcategory = sub_by_indent[max(sub_by_indent)] if sub_by_indent else ""
        found.append(
            Candidate(
                name=_plain(text),
                url=repo,
                category=category,
                role=slug(category),
                description=_plain(description),
                subcategory=subcategory,
            )
        )
    return AwesomeList(tuple(_unique_names(found)), tuple(skipped), tuple(headings))


def _plain(text: str) -> str:
    """Markdown inline text without links' URLs, emphasis or badges."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text).strip()


def _unique_names(candidates: list[Candidate]) -> list[Candidate]:
    """Entry names from the repository name; owner-repo where two would clash."""

    def base(c: Candidate) -> str:
        return _NAME.sub("-", c.url.rsplit("/", 1)[1]).strip(".-").lower() or "repo"

    counts: dict[str, int] = {}
    for c in candidates:
        counts[base(c)] = counts.get(base(c), 0) + 1
    out = []
    for c in candidates:
        name = base(c)
        if counts[name] > 1:
            owner = c.url.rsplit("/", 2)[1]
            name = _NAME.sub("-", f"{owner}-{name}").strip(".-").lower()
        out.append(Candidate(name, c.url, c.category, c.role, c.description, c.subcategory))
    return out


def candidates_toml(found: AwesomeList, *, origin: str = "curated", source: str = "") -> str:
    """Manifest entries for review: no ref (sync refuses them until one is pinned)."""
    lines = [
        f"# Candidate corpus entries read from {source or 'an awesome list'}.",
        "# Review them, pin a ref (tag or commit) for each you keep, then `graph-rag corpus sync`.",
        "",
    ]
    category = None
    for c in found.candidates:
        if c.category != category:
            category = c.category
            lines += [f"# --- {category} ---", ""]
        lines.append(f"[repos.{toml_key(c.name)}]")
        if c.description:
            lines.append(f"# {c.description}")
        lines.append(f"url = {toml_string(c.url)}")
        lines.append('# ref = ""  # pin a tag or commit')
        lines.append(f"role = {toml_string(c.role)}")
        lines.append(f"origin = {toml_string(origin)}")
        lines.append("")
    return "\n".join(lines)
