def parse():
    return "fast"
