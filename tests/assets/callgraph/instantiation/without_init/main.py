class Empty:
    def method(self):
        return 1

e = Empty()
e.method()
