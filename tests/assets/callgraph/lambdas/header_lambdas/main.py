def register(f):
    return lambda g: g


def side():
    return 1


# Lambdas in a decorator or a default run in the enclosing scope: they are main.<lambdaN>.
@register(lambda: side())
def handler(key=lambda k: k):
    g = lambda: side()
    return g()
