class Base:
    def save(self):
        return 1

class Child(Base):
    def save(self):
        return super().save() + 1

Child().save()
