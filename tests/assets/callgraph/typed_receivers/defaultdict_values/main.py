"""A defaultdict's value is what its factory makes, the value a key gets when first read."""

import collections
from collections import defaultdict


class Tally:
    def add(self, amount):
        return amount


def group(pairs):
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)  # a list
    return groups


def unique(pairs):
    seen = collections.defaultdict(set)
    for key, value in pairs:
        seen[key].add(value)  # a set
    return seen


def totals(pairs):
    tallies = defaultdict(Tally)
    for key, value in pairs:
        tallies[key].add(value)  # a class of the repository
    return tallies


def made_by_a_lambda(pairs):
    tallies = defaultdict(lambda: Tally())
    for key, value in pairs:
        tallies[key].add(value)  # what the lambda returns
    return tallies
