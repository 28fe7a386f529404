"""Settings a test run fills in, as sqlalchemy.testing.config does: nothing is known of
``db`` until then, and ``options`` holds a Select made here."""

from rowlib.result import Select

db = None
options = Select()
