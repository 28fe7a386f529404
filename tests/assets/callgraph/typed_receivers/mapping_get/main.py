"""A Mapping's ``get`` (and ``pop``, ``setdefault``), inherited from the standard library,
returns what the class's own ``__getitem__`` declares (Starlette's ``Headers``)."""

import typing


class Headers(typing.Mapping[str, str]):
    def __init__(self, raw: dict) -> None:
        self._raw = raw

    def __getitem__(self, key: str) -> str:
        return self._raw[key.lower()]

    def __iter__(self) -> typing.Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def host(headers: Headers) -> str:
    return headers.get("host", "").split(":")[0]
