SAFELISTED = {"Accept", "Accept-Language", "Content-Language"}


def allowed(headers: list[str], extra: tuple[str, ...]):
    # a set union holds both operands' elements; sorted() keeps them
    for header in sorted(SAFELISTED | set(headers)):
        header.lower()
    for header in set(headers) - SAFELISTED:  # a difference: the left's
        header.upper()
    return [name.strip() for name in list(headers) + list(extra)]
