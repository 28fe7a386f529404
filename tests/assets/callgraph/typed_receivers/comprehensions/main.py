def collect(items):
    names = [str(item) for item in items]  # a list comprehension makes a list
    names.append("end")
    seen = {len(name) for name in names}
    seen.add(0)
    index = {name: len(name) for name in names}
    index.update(other=1)
    return names


def pairs(keys: list[str], values: list[int]):
    for key, value in zip(keys, values):  # one element of each, side by side
        key.upper()
        value.bit_length()
    for letter in "abc":  # a str yields strs
        letter.isalpha()
