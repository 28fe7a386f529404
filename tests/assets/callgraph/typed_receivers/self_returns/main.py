from typing_extensions import Self


class Query:
    def where(self, clause) -> Self:
        return self

    def limit(self, count: int) -> "Self":
        return self

    def all(self):
        return []


class RecentQuery(Query):
    def newest(self):
        return []


def run(query: Query, recent: RecentQuery):
    query.where(1).limit(10).all()
    recent.where(1).newest()  # Self is the receiver's class, the subclass here
