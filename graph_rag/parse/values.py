"""How the repository-wide pass names what a parameter (or a slot on ``self``) holds.

A Binding's value is one of:
- a function's qualified name (``pkg.mod.helper``); ``pkg.C.m(unbound)`` for a method
  taken from its class (``C.handle``), which takes its ``self`` as first argument;
- ``pkg.Class()`` for an instance of a class, ``pkg.Class(*)`` for an instance of it or
  of any subclass (``self`` passed on), ``builtins.str()`` for a value of a builtin type;
- ``owner\\x00param``: whatever another parameter or slot holds (forwarded); with a
  guard after it (``owner\\x00param\\x03A|B\\x03C``), only what is an instance of ``A`` or
  ``B`` and not of ``C``, as ``isinstance`` tests around the argument say (``guarded``).

call_arguments.py writes these; flow.py reads them. Kept apart so neither depends on the other
for them.
"""

from __future__ import annotations

INSTANCE = "()"  # a bound value naming an instance of a class: "pkg.Class()"
FAMILY = "(*)"  # an instance of the class or of any subclass (``self`` passed on)
UNBOUND = "(unbound)"  # a method taken from its class (``C.handle``): called, self comes first
GUARD = "\x03"  # what isinstance() tests say of a forwarded value: see ``guarded``


def param_ref(owner: str, param: str) -> str:
    """The key of a parameter (or slot, ``.attr``) of ``owner``: ``owner\\x00param``."""
    return f"{owner}\x00{param}"


def instance_ref(klass: str) -> str:
    return f"{klass}{INSTANCE}"


def guarded(key: str, guard: str) -> str:
    """``key`` (a parameter or slot forwarded) as seen through ``guard``."""
    return f"{key}{GUARD}{guard}" if guard else key


def guard_of(one_of: list[str], none_of: list[str]) -> str:
    """The guard of a value known to be an instance of one of ``one_of`` (empty: not
    said) and of none of ``none_of``: "A|B\\x03C"; "" when nothing is said."""
    if not one_of and not none_of:
        return ""
    return f"{'|'.join(sorted(set(one_of)))}{GUARD}{'|'.join(sorted(set(none_of)))}"


def split_guard(guard: str) -> tuple[frozenset[str], frozenset[str]]:
    """``guard_of``'s classes back: (one of them, none of them)."""
    one_of, _, none_of = guard.partition(GUARD)
    return frozenset(filter(None, one_of.split("|"))), frozenset(filter(None, none_of.split("|")))
