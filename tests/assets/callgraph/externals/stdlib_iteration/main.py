from pathlib import Path


def stripped(text: str):
    for line in text.splitlines():  # list[str]: each line a str
        line.strip()
    return [part.lower() for part in text.split(",")]


def sources(root: Path):
    for path in root.rglob("*.py"):  # Iterator[Self]: Paths
        path.read_text()
    for parent in root.parents:  # a property: Sequence[Self]
        parent.exists()


def address(email: str):
    name, domain = email.strip().rsplit("@", 1)  # list[str] unpacked: strs
    return domain.lower()
