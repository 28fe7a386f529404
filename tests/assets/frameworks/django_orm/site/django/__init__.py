"""A few dozen lines of Django's ORM, built as Django builds it: managers made by
``type()`` from a QuerySet's methods, ``objects`` and ``_meta`` added by a metaclass."""
