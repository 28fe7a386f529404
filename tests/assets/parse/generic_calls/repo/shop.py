"""Code written against a library typed as SQLAlchemy 2.0 is: what each call returns is
known only from its overloads, its TypeVars and its generic aliases."""

from sqlmini import Session, expect, select, sessionmaker
from sqlmini.selectable import ColumnRole, FromRole, Update


class User:
    def greet(self) -> str:
        return "hi"


class Order:
    def total(self) -> int:
        return 0


SessionLocal = sessionmaker(bind=None)


def names(session: Session) -> list[str]:
    users = session.execute(select(User).where(User.greet)).scalars().all()
    return [u.greet() for u in users]


def first_user(session: Session) -> str:
    user = session.scalars(select(User).limit(1)).first()
    return user.greet() if user else ""


def pair(session: Session) -> int:
    user, order = session.execute(select(User, Order)).one()
    return order.total()


def legacy(session: Session) -> str:
    return session.query(User).filter(User.greet).one().greet()


def fetched(session: Session) -> str:
    return session.get(User, 1).greet()


def updated(session: Session) -> int:
    return session.execute(Update()).rows()


def made_here() -> str:
    with SessionLocal() as session:
        return session.get(User, 1).greet()


def coerced(element: object) -> None:
    expect(FromRole, element).alias()
    expect(ColumnRole[str], element).label("x")
