"""An application of the ORM in ``django/``: run it (``python app.py``) to see that each
call below works as its comment says."""

from django.apps import apps
from django.db import connection, connections, migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState
from django.http import HttpRequest
from django.utils.deprecation import MiddlewareMixin
from django.views import View


class Book(models.Model):
    title = "title"

    def describe(self):
        return self._meta.get_field("title")  # Options.get_field


class Author(models.Model):
    objects = models.Manager()  # declared: inferred as written


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)  # QuerySet.filter


PublishedManager = models.Manager.from_queryset(PublishedQuerySet)


class Article(models.Model):
    objects = PublishedManager()


def create_book():
    return Book.objects.create(title="Dune")  # QuerySet.create (Manager copies it)


def recent_titles():
    return Book.objects.filter(year=2024).order_by("title")  # QuerySet.filter, QuerySet.order_by


def every_book():
    return Book.objects.all()  # BaseManager.all: the manager's own, never copied


def book_field():
    return Book._meta.get_field("title")  # Options.get_field


def default_authors():
    return Author._default_manager.filter(name="Le Guin")  # QuerySet.filter


def published_articles():
    return Article.objects.published()  # PublishedQuerySet.published


def created_book_field():
    book = Book.objects.create(title="Dune")  # QuerySet.create: the manager's model
    return book.describe()  # Book.describe


def fetched_book_field():
    book = Book.objects.get(title="Dune")  # QuerySet.get
    return book.describe()  # Book.describe: get() returns the manager's model


def purge_old_books():
    # QuerySet.filter, then QuerySet.delete: a chain goes on on a QuerySet, as at run time
    return Book.objects.filter(year=1965).delete()


def every_book_again():
    return Book.objects.all().all()  # BaseManager.all, then QuerySet.all


def purge_books():
    return Book.objects.delete()  # no such manager method (queryset_only): AttributeError


class Publisher(models.Model):
    name = models.CharField(max_length=50)
    founded = models.IntegerField()

    def describe(self):
        return self.name.title()  # str.title: an instance holds a CharField's value


class Edition(models.Model):
    publisher = models.ForeignKey(Publisher, on_delete=None)
    previous = models.ForeignKey("self", on_delete=None, null=True)
    isbn = models.CharField(max_length=13)

    def label(self):
        return self.isbn.upper()  # str.upper


def edition_details():
    first = Edition(publisher=Publisher(name="ace books", founded=1952), isbn=" 0441013597 ")
    second = Edition(publisher=first.publisher, previous=first, isbn="0441172717")
    # Publisher.describe (a ForeignKey holds the related model's instance), str.strip,
    # Edition.label ("self"), int.bit_length (an IntegerField's value)
    return (
        second.publisher.describe(),
        first.isbn.strip(),
        second.previous.label(),
        first.publisher.founded.bit_length(),
    )


class Tag(models.Model):
    label = models.CharField(max_length=20)


class Post(models.Model):
    tags = models.ManyToManyField(Tag)


def tagging():
    post = Post()
    post.tags.add(Tag(label="sf"))  # ManyRelatedManager.add: a ManyToManyField's manager
    return post.tags.filter(label="sf")  # QuerySet.filter, through Tag's manager


class Shelf(models.Model):
    name = models.CharField(max_length=20)


class Volume(models.Model):
    shelf = models.ForeignKey(Shelf, on_delete=None)  # gives every Shelf a volume_set
    home = models.ForeignKey(Shelf, on_delete=None, related_name="residents")
    topics = models.ManyToManyField(Tag, related_name="volumes")  # every Tag: volumes


def shelving():
    shelf = Shelf(name="sf")
    shelf.volume_set.add(Volume())  # RelatedManager.add: the other side of Volume.shelf
    shelf.residents.add(Volume())  # the same manager, under the field's related_name
    return shelf.volume_set.filter(title="Dune")  # QuerySet.filter, through Volume's manager


class Catalogue(models.Model):
    shelf = models.OneToOneField(Shelf, on_delete=None)  # gives every Shelf a catalogue

    def entries(self):
        return ["Dune"]


def catalogue_entries():
    return Shelf(name="sf").catalogue.entries()  # Catalogue.entries: one Catalogue, no manager


def tagged_volumes():
    tag = Tag(label="sf")
    tag.volumes.add(Volume())  # ManyRelatedManager.add: the other side of Volume.topics
    return tag.volumes.filter(title="Dune")  # QuerySet.filter


class LibraryManager(models.Manager):
    def make(self, name):
        return self.model(name=name)  # the model the manager is declared on


class Library(models.Model):
    name = models.CharField(max_length=20)
    objects = LibraryManager()

    def describe(self):
        return self.name


def made_library():
    return Library.objects.make("Alexandria").describe()  # Library.describe: make() made one


def registered_book():
    model = apps.get_model("app", "Book")  # a model: which one, only the registry knows
    return model.objects.create(title="Dune").save()  # QuerySet.create, then Model.save


def quoted(name):
    # BaseDatabaseOperations.quote_name: the settings pick the backend, whose override runs
    return connection.ops.quote_name(name)


def quoted_by_alias(name):
    return connections["default"].ops.quote_name(name)  # the same, by alias


def create_table(model):
    with connection.schema_editor() as editor:  # BaseDatabaseWrapper.schema_editor
        editor.create_model(model)  # BaseDatabaseSchemaEditor.create_model
    return editor.created


class AuditingSchemaEditor(BaseDatabaseSchemaEditor):
    def audited(self, name):
        # the wrapper that made it: BaseDatabaseOperations.quote_name (the backend's runs)
        return self.connection.ops.quote_name(name)


def audited_name():
    return AuditingSchemaEditor(connection).audited("audit")


def shelve_books(apps, schema_editor):  # RunPython gives it a StateApps and a schema editor
    model = apps.get_model("app", "Book")  # Apps.get_model: a model
    schema_editor.create_model(model)  # BaseDatabaseSchemaEditor.create_model
    # QuerySet.create; describe is Book's own, and which model this is, only the registry knows
    return model.objects.create(title="Dune").describe()


SHELVE_BOOKS = migrations.RunPython(shelve_books)


def migrate():
    with connection.schema_editor() as editor:
        SHELVE_BOOKS.database_forwards("app", editor, ProjectState(), ProjectState())
    return editor.created


class SearchView(View):
    def get(self, request):  # dispatch hands it the request: an HttpRequest
        terms = request.GET.getlist("q")  # QueryDict.getlist
        return terms, self.request.get_full_path()  # setup kept it: HttpRequest.get_full_path


def search():
    request = HttpRequest()
    request.method = "GET"
    request.GET["q"] = "dune"
    return SearchView.as_view()(request)


class SearchTermsMiddleware(MiddlewareMixin):
    def process_request(self, request):  # a middleware's request: an HttpRequest
        request.terms = request.GET.getlist("q")  # QueryDict.getlist


def searched_terms():
    request = HttpRequest()
    request.GET["q"] = "dune"
    SearchTermsMiddleware(lambda request: None)(request)
    return request.terms


if __name__ == "__main__":
    assert quoted("book") == '"book"' == quoted_by_alias("book")
    assert create_table(Book) == ['"Book"']
    assert edition_details() == ("Ace Books", "0441013597", " 0441013597 ", 11)
    assert create_book().title == "Dune"
    assert recent_titles().filters == [{"year": 2024}]
    assert every_book().model is Book
    assert book_field() == "title" == Book().describe()
    assert default_authors().filters == [{"name": "Le Guin"}]
    assert published_articles().filters == [{"published": True}]
    assert created_book_field() == "title"
    assert fetched_book_field() == "title"
    assert purge_old_books() == 1
    assert every_book_again().model is Book
    assert tagging().filters == [{"label": "sf"}]
    assert shelving().filters == [{"title": "Dune"}] == tagged_volumes().filters
    assert catalogue_entries() == ["Dune"]
    assert made_library() == "Alexandria"
    assert registered_book() == "title"
    assert migrate() == ['"Book"']
    assert audited_name() == '"audit"'
    assert search() == (["dune"], "/")
    assert searched_terms() == ["dune"]
    try:
        purge_books()
    except AttributeError:
        print("ok")
