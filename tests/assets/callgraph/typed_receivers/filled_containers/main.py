# A container made empty and filled where it was made holds what was put in
# (requests' parse_header_links, pytest's cacheprovider and junitxml). One handed to
# another function, or aliased, may be filled out of sight, and tells nothing. What is
# added to a list a call returned counts as well.
from pathlib import Path


class Link:
    def follow(self):
        return self


def parse_links(value: str):
    links = []
    for part in value.split(","):
        links.append({"url": part.strip()})
    return links


def relations(header: str):
    return [link.get("rel") for link in parse_links(header)]


def with_a_link(header: str):
    links = parse_links(header)
    links.append(Link())  # dicts and a Link: only the Link has follow()
    return [link.follow() for link in links]


def renamed(domain: str):
    parts = domain.split("[")
    parts[0] = parts[0].replace(".", "::")  # made from what it holds: still strs
    return [part.upper() for part in parts]


def regrouped(names: list[str]):
    groups = [set(name) for name in names]
    groups[0] = set(names[0])  # an element replaced by another set
    groups[1].discard("x")


def existing(root: Path, names: list[str]):
    found = set()
    for name in names:
        found.add(root / name)
    return [p for p in sorted(found) if p.exists()]


def followed():
    queue = []
    queue.extend([Link(), Link()])
    if queue:
        queue[0].follow()
    return [link.follow() for link in queue]


FAMILIES = {}
FAMILIES["base"] = {"testcase": ["classname"]}
FAMILIES["xunit1"] = FAMILIES["base"].copy()


def family(name: str):
    return FAMILIES[name].items()


def handed_on(fill):
    names = []
    fill(names)
    names.append("x")
    for name in names:
        name.upper()


def aliased():
    names = []
    other = names
    other.append(1)
    names.append("x")
    return [n.upper() for n in names]
