# The package re-exports a third-party function under its own name.
from requests import get as fetch
