from requests import get as fetch

def load(url):
    return fetch(url)

load("u")
