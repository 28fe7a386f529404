def run(fn, *args):
    return fn(*args)

def add(a, b):
    return a + b

run(add, 1, 2)
