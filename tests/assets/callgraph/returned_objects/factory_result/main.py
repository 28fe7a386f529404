class Conn:
    def query(self):
        return []

def connect():
    return Conn()

connect().query()
