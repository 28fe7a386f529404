class Outer:
    class Inner:
        def ping(self):
            return 1

    def run(self):
        return self.Inner().ping()

Outer().run()
