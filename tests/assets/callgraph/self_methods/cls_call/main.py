class Config:
    @classmethod
    def load(cls):
        return cls.default()

    @classmethod
    def default(cls):
        return cls()

Config.load()
