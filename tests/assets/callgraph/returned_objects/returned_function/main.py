def target():
    return 1

def pick():
    return target

pick()()
