class Repo:
    def __init__(self):
        self.items = []

def make():
    return Repo()

make()
