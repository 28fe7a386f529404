def rows():
    yield from range(3)

def show(x):
    return x

for row in rows():
    show(row)
