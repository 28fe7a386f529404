def show(items):
    print(len(items))
    return sorted(items)

show([3, 1])
