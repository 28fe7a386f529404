"""Module-level aliases of what lies outside: importing one imports what it names."""

import json

setattr_ = object.__setattr__
dumps = json.dumps
