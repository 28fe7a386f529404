from typing import Generic, Optional, TypeVar

T = TypeVar("T")


class Repo(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item

    def get(self) -> T:
        return self.item

    def find(self) -> Optional[T]:
        return self.item

    def put(self, item: T) -> T:
        self.item = item
        return item


class User:
    def greet(self) -> str:
        return "hi"


def declared(users: Repo[User]) -> str:
    return users.get().greet()  # T of a Repo[User] is a User


def made() -> str:
    users = Repo[User](User())
    return users.find().greet()  # Optional[T]: a User, when there is one


def optional(users: Optional[Repo[User]]) -> str:
    return users.get().greet() if users else ""


def stored(users: Repo[User], raw) -> str:  # noqa: ANN001
    return users.put(raw).greet()  # raw says nothing: the receiver's T, a User
