import yaml
from markdown import markdown

load = yaml.safe_load  # an external's function kept under another name
render = markdown


def read(text):
    return load(text)


def page(text):
    return render(text)
