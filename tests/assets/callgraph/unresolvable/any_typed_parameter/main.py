import typing as t


class Dog:
    def speak(self):
        return "woof"


class Robot:
    def speak(self):
        return "beep"


def talk(x: t.Any):
    return x.speak()


talk(Dog())
