class Date:
    def __init__(self, y):
        self.y = y

    @classmethod
    def today(cls):
        return cls(2024)

Date.today()
