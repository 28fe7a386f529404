def enter_context(cm):
    cls = type(cm)
    enter = cls.__enter__  # the class of cm's, not type's: type has no __enter__
    return enter(cm)


def words(text: str):
    return text.split()


def enter_directly(cm):
    cls = type(cm)
    return cls.__enter__(cm)  # the same, called at once
