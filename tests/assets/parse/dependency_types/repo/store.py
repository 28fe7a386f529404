from rowlib import Column, Mapped, Plugin, Session
import settings
from rowlib import config
from rowlib.result import Delete, Options, Select, _InfoType, _Statement, based


def mapped_column() -> Mapped[str]:
    return Mapped()


class User:
    name: Mapped[str]
    email: Mapped[str] = mapped_column()
    addresses: Mapped[list["Address"]]  # a class defined further down

    def greet(self) -> str:
        return "hi"

    def shout(self) -> str:
        return self.name.upper()  # read through an instance, a Mapped[str] is a str

    def domain(self) -> str:
        return self.email.partition("@")[2]  # so is one assigned in the class body


def first_greeting(session: Session) -> str:
    # Result[Any].first() is anything: not a Row, whose greet() no code defines
    return session.result().first().greet()


def unique_first(session: Session) -> object:
    return session.result().unique().first()  # -> Self, imported through rowlib.compat


def fetched(session: Session) -> str:
    return session.get(User, 1).greet()  # Optional[_O], _O bound by type[_O]: a User


def merged(session: Session) -> str:
    return session.merge(User()).greet()  # _O bound by the argument: a User


class Address:
    city: Mapped[str]


def cities(user: User) -> list[str]:
    return [address.city.title() for address in user.addresses]  # Address's city: a str


def column_calls(column: Column, plugin: Plugin) -> None:
    column.label()
    column.rename()  # no Column defines it, and total_ordering adds dunders only: no edge
    plugin.extra()  # a class decorator may have added it: named on Plugin


def deleting(flag: bool) -> Delete:
    statement = based(statement=Delete() if flag else Delete())  # the argument binds _S: a Delete
    return statement.returning()


def either(flag: bool) -> object:
    statement = based(statement=Select() if flag else Delete())
    return statement.where()  # both define it


def unknown(given) -> Select:  # noqa: ANN001
    statement = based(statement=given)  # an untyped argument: the bound, Select | Delete
    return statement.add_columns()  # only Select defines it


def aliased(statement: _Statement, info: _InfoType) -> object:
    statement.where()  # both classes the alias stands for define it
    return info.get("key")  # a dict


def configured() -> object:
    config.db.connect()  # set at run time: no edge names a path through the variable
    settings.config.db.connect()  # nor where the module is re-exported
    return config.options.where()  # a Select


def options(given: Options) -> object:
    given.union(given)
    return given.get("echo")  # dict's, not `Options.get`
