def helper():
    return 2

def outer():
    def inner():
        return helper()
    return inner()

outer()
