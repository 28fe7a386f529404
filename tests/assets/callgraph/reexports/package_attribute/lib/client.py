class Client:
    def send(self):
        return True
