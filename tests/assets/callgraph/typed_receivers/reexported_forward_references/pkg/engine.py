class Engine:
    def connect(self) -> "Connection":
        return self._pool.checkout()  # nothing to infer: only the annotation says


class Connection:
    def close(self) -> None:
        pass
