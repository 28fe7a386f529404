import os

import somelib

# Callables a factory made: variables of the program, not functions PyCG would key.
handler = somelib.make()
getcwd = getattr(os, "getcwd")
