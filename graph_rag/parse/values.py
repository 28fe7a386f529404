"""How the repository-wide pass names what a parameter (or a slot on ``self``) holds.

A Binding's value is one of:
- a function's qualified name (``pkg.mod.helper``); ``pkg.C.m(unbound)`` for a method
  taken from its class (``C.handle``), which takes its ``self`` as first argument;
- ``pkg.Class()`` for an instance of a class, ``pkg.Class(*)`` for an instance of it or
  of any subclass (``self`` passed on), ``builtins.str()`` for a value of a builtin type;
- ``owner\\x00param``: whatever another parameter or slot holds (forwarded).

call_arguments.py writes these; flow.py reads them. Kept apart so neither depends on the other
for them.
"""

from __future__ import annotations

INSTANCE = "()"  # a bound value naming an instance of a class: "pkg.Class()"
FAMILY = "(*)"  # an instance of the class or of any subclass (``self`` passed on)
UNBOUND = "(unbound)"  # a method taken from its class (``C.handle``): called, self comes first


def param_ref(owner: str, param: str) -> str:
    """The key of a parameter (or slot, ``.attr``) of ``owner``: ``owner\\x00param``."""
    return f"{owner}\x00{param}"


def instance_ref(klass: str) -> str:
    return f"{klass}{INSTANCE}"
