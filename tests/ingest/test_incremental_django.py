"""An incremental re-ingest of a Django project ends with the graph a clean ingest of the
same tree gives, after the edits a fuzz of such projects found apart (each test fails
without its fix). Django is the miniature in tests/assets/frameworks/django_orm/site,
read as a dependency."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph_rag.services.ingest import IngestReport, ingest
from graph_rag.store import GraphStore

from .conftest import commit_all, graph_fingerprint, write_tree

MakeRepo = Callable[[str, dict[str, str | bytes]], Path]
SITE = Path(__file__).parents[1] / "assets" / "frameworks" / "django_orm" / "site"


def _run(store: GraphStore, root: Path, tmp_path: Path, cache: str = "cache") -> IngestReport:
    return ingest(str(root), store=store, cache_dir=tmp_path / cache, workers=1, dependencies=[SITE])


def _same_as_clean(store: GraphStore, root: Path, tmp_path: Path) -> None:
    incremental = graph_fingerprint(store)
    store.write("clear_all")
    _run(store, root, tmp_path, "clean-cache")
    assert graph_fingerprint(store) == incremental


def test_a_module_added_where_a_file_imported_it_from_its_package_is_imported_again(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """``from pkg import views`` while pkg/views.py is missing: adding it must parse the
    importer again (its IMPORTS edge now leads to the module). Seen: a fuzz deleting and
    restoring a views module that urls.py imports: the restored module had no IMPORTS
    edge from urls.py, and urls.py's reads lacked it."""
    root = make_repo(
        "site",
        {
            "pkg/__init__.py": "",
            "pkg/urls.py": "from pkg import views\n\nROUTES = [views.index]\n",
            "pkg/views.py": "def index(request):\n    return request\n",
        },
    )
    _run(store, root, tmp_path)
    (root / "pkg" / "views.py").unlink()
    commit_all(root, "no views")
    _run(store, root, tmp_path)
    write_tree(root, {"pkg/views.py": "def index(request):\n    return request\n"})
    commit_all(root, "views again")
    _run(store, root, tmp_path)
    _same_as_clean(store, root, tmp_path)


USERS = """\
    from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager


    class User(AbstractBaseUser):
        objects = BaseUserManager()

        def nickname(self):
            return "user"


    class Member(AbstractBaseUser):
        objects = BaseUserManager()

        def badge(self):
            return "member"
    """
SHOP = """\
    from django.contrib.auth import get_user_model


    def greet(user_id):
        user = get_user_model().objects.get(pk=user_id)
        return user.nickname(), user.badge()
    """


def test_a_change_of_auth_user_model_parses_the_files_that_use_the_user_model_again(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """shop.py's ``get_user_model()`` is the model the settings name: setting it, changing
    it and taking it out of settings.py (which shop.py never imports) must parse shop.py
    again. Seen: a fuzz of a Django project, 4 of 25 steps apart, each a change of
    AUTH_USER_MODEL: the views kept the calls into the model set before."""
    root = make_repo(
        "site",
        {
            "settings.py": "DEBUG = True\n",
            "accounts/__init__.py": "",
            "accounts/models.py": USERS,
            "shop.py": SHOP,
        },
    )
    _run(store, root, tmp_path)
    for setting in ('AUTH_USER_MODEL = "accounts.User"\n', 'AUTH_USER_MODEL = "accounts.Member"\n', ""):
        write_tree(root, {"settings.py": "DEBUG = True\n" + setting})
        commit_all(root, setting or "no setting")
        _run(store, root, tmp_path)
        _same_as_clean(store, root, tmp_path)


VIEWS = """\
    def index(request):
        return request.GET.getlist("q")


    def detail(request):
        return request.GET.getlist("q")
    """


def test_a_url_module_added_that_routes_to_a_function_parses_its_module_again(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """A function becomes a view (its request an HttpRequest) when a URL module routes to
    it: a URL module added (or edited) that routes to ``detail`` must parse views.py again,
    which never looked it up. Seen: a fuzz of a Django project routing a URL to a function
    no URL pattern named before: the view kept no edge from its request."""
    routes = (
        "from django.urls import path\n\nfrom shop import views\n\nurlpatterns = [path('a/', views.{})]\n"
    )
    root = make_repo(
        "site",
        {"shop/__init__.py": "", "shop/views.py": VIEWS, "shop/urls.py": routes.format("index")},
    )
    _run(store, root, tmp_path)
    write_tree(root, {"extra/__init__.py": "", "extra/urls.py": routes.format("detail")})
    commit_all(root, "extra urls")
    _run(store, root, tmp_path)
    _same_as_clean(store, root, tmp_path)


BLOG = """\
    from django.db import models

    from accounts.models import Author


    class Post(models.Model):
        author = models.ForeignKey(Author, on_delete=None, related_name="{}")
    """


def test_a_related_name_renamed_parses_the_files_that_use_the_new_name_again(
    store: GraphStore, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """``author.articles`` is a reverse relation only once a field says
    ``related_name="articles"``; profile.py never imports blog/models.py, so renaming the
    field's related_name there must parse profile.py again. Seen: a fuzz of a Django
    project renaming a related_name: the view kept no edge from ``.articles.all()``."""
    root = make_repo(
        "site",
        {
            "accounts/__init__.py": "",
            "accounts/models.py": (
                "from django.db import models\n\n\nclass Author(models.Model):\n"
                "    name = models.CharField(max_length=10)\n"
            ),
            "blog/__init__.py": "",
            "blog/models.py": BLOG.format("posts"),
            "profile.py": (
                "from accounts.models import Author\n\n\n"
                "def titles():\n    author = Author(name='x')\n    return author.articles.filter(title='x')\n"
            ),
        },
    )
    _run(store, root, tmp_path)
    write_tree(root, {"blog/models.py": BLOG.format("articles")})
    commit_all(root, "articles")
    _run(store, root, tmp_path)
    _same_as_clean(store, root, tmp_path)
