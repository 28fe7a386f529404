def validate(value):
    return value is not None


def log(message):
    return message


def store(value, check=validate, *, report=log):
    if check(value):
        report("stored")
    return value


def save(value):
    return store(value)
