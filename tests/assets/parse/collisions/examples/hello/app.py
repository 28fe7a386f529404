from app.core import run


def main():
    return run()
