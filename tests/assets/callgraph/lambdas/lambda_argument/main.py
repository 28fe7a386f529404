def call(fn):
    return fn(1)

call(lambda x: x)
call(lambda y: y * 2)
