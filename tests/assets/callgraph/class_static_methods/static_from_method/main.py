class Parser:
    @staticmethod
    def clean(text):
        return str(text)

    def parse(self, text):
        return self.clean(text)

Parser().parse(" x ")
