"""A method that returns what a registry on self holds (requests' Session.get_adapter:
``for prefix, adapter in self.adapters.items(): ... return adapter``): what its call
gives is what was registered (``self.mount("https://", HTTPAdapter())``), so a method
called on it reaches the registered classes' (Session.send -> HTTPAdapter.send). A
getter of another slot gives what that slot holds, not the registry's, and a slot is read
on the class the method is called on (a CategoryForm's instance is no ArticleForm's)."""


class HTTPAdapter:
    def send(self, request):
        return request


class FileAdapter:
    def send(self, request):
        return request


class Clock:
    def now(self):
        return 0


class Session:
    def __init__(self):
        self.adapters = {}
        self.clock = Clock()
        self.mount("https://", HTTPAdapter())
        self.mount("file://", FileAdapter())

    def mount(self, prefix, adapter):
        self.adapters[prefix] = adapter

    def get_adapter(self, url):
        for prefix, adapter in self.adapters.items():
            if url.startswith(prefix):
                return adapter
        raise ValueError(url)

    def get_clock(self):
        return self.clock

    def send(self, url):
        adapter = self.get_adapter(url)
        self.get_clock().now()
        return adapter.send(url)


Session().send("https://example.org")


class Article:
    def publish(self):
        return self


class Category:
    def publish(self):
        return self


class Form:
    def __init__(self, instance):
        self.instance = instance

    def save(self):
        return self.instance


class ArticleForm(Form):
    pass


class CategoryForm(Form):
    pass


class Poem:
    def publish(self):
        return self


class PoemForm(Form):
    def save(self):
        poem = super().save()  # on self: what a PoemForm keeps
        return poem.publish()


ArticleForm(Article())
PoemForm(Poem()).save()


def publish_category():
    form = CategoryForm(Category())
    return form.save().publish()  # a Category: what a CategoryForm keeps, not an ArticleForm
