def inner(cb):
    return cb()

def outer(cb):
    return inner(cb)

def task():
    return 1

outer(task)
