class SessionBase(dict):
    """What every session engine derives from (settings.SESSION_ENGINE picks one)."""

    def flush(self):
        self.clear()
