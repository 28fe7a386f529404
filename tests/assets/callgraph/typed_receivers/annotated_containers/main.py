import typing as t


def options(opts: dict[str, int], names: t.Optional[t.List[str]], prefix):
    names.append(f"{prefix}/".strip())
    return opts.get("a")


class Config:
    def load(self):
        return 1


def loaded(obj):
    return t.cast("Config", obj).load()


options({}, [], "p")
loaded(Config())
