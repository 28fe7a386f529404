class Animal:
    def speak(self):
        return "..."

class Dog(Animal):
    pass

Dog().speak()
