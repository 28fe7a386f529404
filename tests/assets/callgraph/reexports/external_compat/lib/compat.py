# requests' own pattern: one module imports what differs between versions.
import json
from urllib.parse import urlparse
