# An item of os.environ or of sys.argv is a str (pytest's ``os.environ["Path"].split(";")``).
import os
import sys


def search_path():
    return os.environ["PATH"].split(os.pathsep), sys.argv[0].lower()
