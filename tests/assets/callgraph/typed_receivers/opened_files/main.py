def read_text(path):
    with open(path) as f:
        return f.read()


def read_bytes(path):
    with open(path, mode="rb") as f:
        return f.read()


def read_raw(path):
    with open(path, "rb", buffering=0) as f:  # unbuffered: a raw io.FileIO, not a reader
        return f.read()
