import sys

if sys.version_info >= (3, 11):
    from new import load
else:
    from old import load

load()
