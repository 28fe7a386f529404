from lib import fetch

fetch()
