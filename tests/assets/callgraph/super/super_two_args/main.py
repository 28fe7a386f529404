class Base:
    def run(self):
        return 0

class Child(Base):
    def run(self):
        return super(Child, self).run()

Child().run()
