import click


def convert(value, param, ctx):
    # click.STRING is a constant (an instance): what calling it returns is not known
    # here, so ``.lower()`` stays unresolved rather than become ``click.STRING.lower``.
    text = click.STRING(value, param, ctx).lower()
    # click.Path is a class by its spelling: its instance's method is named on it.
    return click.Path(exists=True).convert(text, param, ctx)
