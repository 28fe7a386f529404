def repeat(times):
    def decorator(fn):
        def wrapper():
            for _ in range(times):
                fn()
        return wrapper
    return decorator

@repeat(2)
def ping():
    return 1

ping()
