def register(fn):
    return fn

@register
def handler():
    return 1

handler()
