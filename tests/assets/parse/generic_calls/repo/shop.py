"""Code written against a library typed as SQLAlchemy 2.0 is: what each call returns is
known only from its overloads, its TypeVars and its generic aliases."""

from sqlmini import Session, expect, select, sessionmaker
from sqlmini.asyncio import AsyncSession, async_sessionmaker
from sqlmini.schema import MetaData
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


AsyncLocal = async_sessionmaker(bind=None)


async def listed() -> list[str]:
    async with AsyncLocal() as session:  # __aenter__ -> _AS: an AsyncSession
        result = await session.execute(select(User))  # an async def's declared return
        return [u.greet() for u in result.scalars().all()]


async def scalar_first(session: AsyncSession) -> str:
    user = (await session.scalars(select(User))).first()
    return user.greet() if user else ""


def tables(metadata: MetaData) -> None:
    metadata.tables["users"].append_column("x")  # FacadeDict[str, Table] is a Dict[str, Table]
    for table in metadata.tables.values():
        table.drop()


def looped(session: Session) -> None:
    for user in session.scalars(select(User)):  # ScalarResult[User].__iter__ -> Iterator[_R]
        user.greet()
    for user, order in session.execute(select(User, Order)).tuples():  # TYPE_CHECKING-only __iter__
        order.total()
