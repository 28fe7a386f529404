"""A module that imports names from itself at its bottom (a leftover of a move, or to
re-export them in one place): each name is still what the module defined above."""

from pkg.a2 import g, shout, Tool
from pkg import sub

g()
shout()
Tool().use()
sub.start()
