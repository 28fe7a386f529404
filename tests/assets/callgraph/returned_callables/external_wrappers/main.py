from asgiref.sync import async_to_sync, sync_to_async


class Store:
    def get(self, key):
        return key

    async def aget(self, key):
        return await sync_to_async(self.get)(key)  # runs Store.get in a thread

    async def fetch(self, key):
        return key


def authenticate(user):
    return user


async def alogin(user):
    return await sync_to_async(func=authenticate)(user)


def fetch_now(key):
    store = Store()
    return async_to_sync(store.fetch)(key)


def run_now(coroutine_function, value):
    return async_to_sync(coroutine_function)(value)  # what callers pass: alogin


fetch_now("k")
run_now(alogin, "user")
