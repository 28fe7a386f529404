def a():
    return 1

def b():
    return 2

for step in [a, b]:
    step()
