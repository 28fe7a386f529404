"""Per-request DataLoaders: each batch is ONE named ``UNWIND $ids`` query.

Node loaders map ids to property maps (an error in a missing id's slot).
Neighbour loaders map ``(id, first)`` to the nodes one hop away. Walk loaders
map ``(id, depth, first)`` to the nodes up to ``depth`` hops away with the depth
each is first reached: a breadth-first walk where each level is one query for
the whole frontier of every key in the batch, so ``callers(depth: 2)`` on k
search hits costs two round-trips whatever k is. A walk rather than one
``[:CALLS*1..n]`` pattern because a variable-length match enumerates every
path, which explodes on hub functions, while the walk touches each node once.
Every node a neighbour or walk query returns primes the node loaders.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from graph_rag.errors import NotFound, shown

Row = dict[str, Any]
Read = Callable[..., Awaitable[list[Row]]]
Walked = list[tuple[Row, int]]

_NODE_QUERIES = {
    "Function": "api.functions_by_id",
    "Class": "api.classes_by_id",
    "Module": "api.modules_by_id",
    "External": "api.externals_by_id",
    "Repository": "api.repositories_by_id",
}
_WHAT = {
    "Function": "function",
    "Class": "class",
    "Module": "module",
    "External": "external symbol",
    "Repository": "repository",
}


def _sorted(nodes: Sequence[Row]) -> list[Row]:
    return sorted(nodes, key=lambda n: (n.get("qualname") or "", n.get("id") or ""))


class Loaders:
    def __init__(self, read: Read, *, vector_index: str = "", overfetch: int = 1) -> None:
        self._read = read
        self._vector_index, self._overfetch = vector_index, overfetch
        self.nodes = {label: self._node_loader(label, q) for label, q in _NODE_QUERIES.items()}
        self._neighbours: dict[str, DataLoader[tuple[str, int], list[Row]]] = {}
        self._lists: dict[str, DataLoader[str, list[Row]]] = {}
        self._walks: dict[str, DataLoader[tuple[str, int, int], Walked]] = {}
        self._by_name: dict[str, DataLoader[str, list[Row]]] = {}
        self.stats: DataLoader[str, Row] = DataLoader(load_fn=self._load_stats)
        self.similar: DataLoader[tuple[str, int], list[Row]] = DataLoader(load_fn=self._load_similar)

    # -- nodes ------------------------------------------------------------------

    def _node_loader(self, label: str, query: str) -> DataLoader[str, Row]:
        async def load(keys: list[str]) -> list[Row | BaseException]:
            rows = await self._read(query, ids=list(keys))
            found = {row["key"]: row["node"] for row in rows}
            return [found.get(k) or NotFound(_not_found(label, k)) for k in keys]

        return DataLoader(load_fn=load)

    async def node(self, label: str, key: str) -> Row:
        return await self.nodes[label].load(key)

    def prime(self, nodes: Sequence[Row]) -> None:
        """Remember nodes a list query returned, so loading them again costs nothing."""
        for node in nodes:
            loader = self.nodes.get(node.get("label") or "")
            if loader is not None and node.get("id"):
                loader.prime(node["id"], node)

    def by_name(self, query: str) -> DataLoader[str, list[Row]]:
        """Nodes by qualified name (several repositories may define one), batched."""
        if query not in self._by_name:

            async def load(keys: list[str]) -> list[list[Row]]:
                rows = await self._read(query, names=list(keys))
                found: dict[str, list[Row]] = defaultdict(list)
                for row in rows:
                    found[row["key"]].append(row["node"])
                self.prime([n for nodes in found.values() for n in nodes])
                return [found.get(k, []) for k in keys]

            self._by_name[query] = DataLoader(load_fn=load)
        return self._by_name[query]

    # -- one hop ------------------------------------------------------------------

    def neighbours(self, query: str) -> DataLoader[tuple[str, int], list[Row]]:
        if query not in self._neighbours:

            async def load(keys: list[tuple[str, int]]) -> list[list[Row]]:
                limit = max(first for _, first in keys)
                ids = sorted({key for key, _ in keys})
                rows = await self._read(query, ids=ids, limit=limit)
                found = {row["key"]: row["nodes"] for row in rows}
                self.prime([n for nodes in found.values() for n in nodes])
                return [found.get(key, [])[:first] for key, first in keys]

            self._neighbours[query] = DataLoader(load_fn=load)
        return self._neighbours[query]

    def lists(self, query: str) -> DataLoader[str, list[Row]]:
        """Like ``neighbours`` for short lists that take no limit (a class's bases)."""
        if query not in self._lists:

            async def load(keys: list[str]) -> list[list[Row]]:
                rows = await self._read(query, ids=list(keys))
                found = {row["key"]: row["nodes"] for row in rows}
                self.prime([n for nodes in found.values() for n in nodes])
                return [found.get(k, []) for k in keys]

            self._lists[query] = DataLoader(load_fn=load)
        return self._lists[query]

    # -- walks --------------------------------------------------------------------

    def walk(
        self, query: str, expand: str, *, exclude_tests: bool | None = None
    ) -> DataLoader[tuple[str, int, int], Walked]:
        """Breadth-first over ``query`` (one query per level), expanding nodes labelled
        ``expand``; ``exclude_tests``, for a query that takes it: test code is neither
        found nor walked through."""
        name = f"{query}/{expand}/{exclude_tests}"
        if name not in self._walks:
            params = {} if exclude_tests is None else {"exclude_tests": exclude_tests}

            async def load(keys: list[tuple[str, int, int]]) -> list[Walked]:
                return await self._walk(query, expand, keys, params)

            self._walks[name] = DataLoader(load_fn=load)
        return self._walks[name]

    async def _walk(
        self, query: str, expand: str, keys: list[tuple[str, int, int]], params: dict[str, bool]
    ) -> list[Walked]:
        # A node's list is cut in the query, before the nodes a walk has already seen
        # are dropped (a cycle brings them back). A walk still looking has seen at most
        # `first` nodes (its start and fewer than `first` found), so twice `first` per
        # node always leaves the `first` unseen ones it may need.
        limit = 2 * max(first for _, _, first in keys)
        adjacency: dict[str, list[Row]] = {}
        states = [
            {"seen": {start}, "frontier": [start], "found": [], "depth": depth, "first": first}
            for start, depth, first in keys
        ]
        for level in range(1, max(depth for _, depth, _ in keys) + 1):
            active = [
                s for s in states if s["frontier"] and level <= s["depth"] and len(s["found"]) < s["first"]
            ]
            wanted = sorted({n for s in active for n in s["frontier"] if n not in adjacency})
            if wanted:
                rows = await self._read(query, ids=wanted, limit=limit, **params)
                adjacency.update({n: [] for n in wanted})
                for row in rows:
                    adjacency[row["key"]] = row["nodes"]
                    self.prime(row["nodes"])
            for s in active:
                new: dict[str, Row] = {}
                for node_id in s["frontier"]:
                    for node in adjacency.get(node_id, []):
                        if node["id"] not in s["seen"] and node["id"] not in new:
                            new[node["id"]] = node
                s["seen"].update(new)
                level_nodes = _sorted(list(new.values()))
                s["found"].extend((node, level) for node in level_nodes)
                s["frontier"] = [n["id"] for n in level_nodes if n.get("label") == expand]
        return [s["found"][: s["first"]] for s in states]

    # -- aggregates -----------------------------------------------------------------

    async def _load_stats(self, keys: list[str]) -> list[Row]:
        rows = await self._read("api.repository_stats", ids=list(keys))
        found = {row["key"]: row for row in rows}
        return [found.get(k) or NotFound(_not_found("Repository", k)) for k in keys]

    async def _load_similar(self, keys: list[tuple[str, int]]) -> list[list[Row]]:
        """(function id, k) -> up to k (id, score) rows, nearest first; one query per batch."""
        k = max(k for _, k in keys)
        rows = await self._read(
            "api.similar_functions",
            ids=sorted({key for key, _ in keys}),
            index=self._vector_index,
            k=k * self._overfetch + 1,
        )
        found: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            found[row["key"]].append(row)
        for hits in found.values():
            hits.sort(key=lambda r: -r["score"])
        return [found.get(key, [])[:k] for key, k in keys]


def _not_found(label: str, key: str) -> str:
    # A repository's id is its name, which the CLI and the `repository(name:)` field use.
    if label == "Repository":
        return f"No repository named {shown(key)}."
    return f"No {_WHAT[label]} with id {shown(key)}."
