import os
import typing as t


class Rule:
    def match(self, path):
        return path


class Table:
    def __init__(self) -> None:
        self.rules: list[Rule] = []
        self.by_name: dict[str, Rule] = {}

    def first(self, path):
        for rule in self.rules:
            return rule.match(path)

    def named(self):
        for name, rule in self.by_name.items():
            rule.match(name.upper())
        for index, rule in enumerate(self.rules):
            rule.match(index)


def env(prefix):
    for key in sorted(os.environ):
        if key.startswith(prefix):
            return key


def public(obj):
    return [name for name in dir(obj) if name.isupper()]


def methods(cls):
    for method in ("get", "post"):
        cls.add(method.upper())


def unknown(items, pairs: t.Any):
    # Nothing says what these hold: no edge.
    for item in items:
        item.match("x")
    for item in pairs:
        item.match("y")


table = Table()
table.first("/")
table.named()
env("APP_")
public(table)
