"""Django, whose most-called names exist only at run time: tests/assets/frameworks/django_orm/.

``site/django/`` is Django's mechanism in miniature, built as Django builds it: a
metaclass adds ``objects`` and ``_meta`` to each model; ``from_queryset`` makes a
manager class with ``type()`` from a QuerySet's methods; a model instance holds its
fields' values where its class holds the fields; ``connection`` forwards to the backend
the settings name, whose parts are ``None`` on the base wrapper; the app registry gives
model classes from a dict filled as they are made; ``RunPython`` calls a data
migration's function with a state's app registry and a schema editor; a class-based
view's handlers are given the request ``setup`` keeps on the view, a middleware's
methods theirs, and a function a URL pattern routes to its own. ``project/app.py``
and ``project/urls.py`` (with ``views.py``) use it; run there with
``PYTHONPATH=../site``, each checks that each call does what its comment says.

The parser resolves those calls whether Django's source is part of the repository
(Django's own tests) or read as a dependency (a project built on Django).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph_rag.model import CodeGraph, Inherits, Repository
from graph_rag.parse import parse_repository

ASSETS = Path(__file__).parents[1] / "assets" / "frameworks" / "django_orm"
REPO = Repository(id="orm", name="orm")
QUERYSET = "django.db.models.query.QuerySet"

EXPECTED = {
    "app.create_book": {f"{QUERYSET}.create"},  # a manager method copied from QuerySet
    "app.recent_titles": {f"{QUERYSET}.filter", f"{QUERYSET}.order_by"},  # and what it returns
    "app.every_book": {"django.db.models.manager.BaseManager.all"},  # the manager's own
    "app.book_field": {"django.db.models.options.Options.get_field"},  # Model._meta
    "app.Book.describe": {"django.db.models.options.Options.get_field"},  # self._meta
    "app.default_authors": {f"{QUERYSET}.filter"},  # _default_manager: the declared objects
    "app.published_articles": {"app.PublishedQuerySet.published"},  # from_queryset(custom)
    "app.PublishedQuerySet.published": {f"{QUERYSET}.filter"},
    "app.purge_books": set(),  # delete is queryset_only: managers lack it
    "app.created_book_field": {f"{QUERYSET}.create", "app.Book.describe"},  # create makes a Book
    "app.fetched_book_field": {f"{QUERYSET}.get", "app.Book.describe"},  # so does get
    "app.purge_old_books": {f"{QUERYSET}.filter", f"{QUERYSET}.delete"},  # a chain is on a QuerySet
    "app.every_book_again": {"django.db.models.manager.BaseManager.all", f"{QUERYSET}.all"},
    "app.Publisher.describe": {"builtins.str.title"},  # self.name: a CharField's value
    "app.Edition.label": {"builtins.str.upper"},
    # a manager the model declares is bound to it: self.model(...) in make() is a Library
    "app.made_library": {"app.LibraryManager.make", "app.Library.describe"},
}
FIELD_VALUES = {  # first.isbn, second.publisher, second.previous ("self"), publisher.founded
    "builtins.str.strip",
    "app.Publisher.describe",
    "app.Edition.label",
    "builtins.int.bit_length",
}
MANY_RELATED = (
    "django.db.models.fields.related_descriptors.create_forward_many_to_many_manager.ManyRelatedManager"
)
REVERSE_RELATED = (
    "django.db.models.fields.related_descriptors.create_reverse_many_to_one_manager.RelatedManager"
)
# caller -> (edges through instances' fields, the models it makes)
THROUGH_FIELDS = {
    "app.edition_details": (FIELD_VALUES, {"app.Edition", "app.Publisher"}),
    # post.tags: a ManyToManyField's manager, over the related model's manager
    "app.tagging": ({f"{MANY_RELATED}.add", f"{QUERYSET}.filter"}, {"app.Post", "app.Tag"}),
    # shelf.volume_set and shelf.residents: the other side of Volume's two ForeignKeys
    "app.shelving": ({f"{REVERSE_RELATED}.add", f"{QUERYSET}.filter"}, {"app.Shelf", "app.Volume"}),
    # tag.volumes: the other side of Volume.topics, a ManyToManyField with a related_name
    "app.tagged_volumes": ({f"{MANY_RELATED}.add", f"{QUERYSET}.filter"}, {"app.Tag", "app.Volume"}),
    # shelf.catalogue: the other side of Catalogue.shelf, a OneToOneField: one Catalogue
    "app.catalogue_entries": ({"app.Catalogue.entries"}, {"app.Shelf"}),
}
# apps.get_model(...) gives some model: what every model has resolves, on Model itself
MODEL_INIT = {
    "in_repository": "django.db.models.base.Model.__init__",
    "as_dependency": "django.db.models.Model.__init__",
}

SCHEMA_EDITOR = "django.db.backends.base.schema.BaseDatabaseSchemaEditor"
# Parameters Django fills: a function RunPython runs is given (apps, schema_editor), a
# StateApps whose get_model gives some model and the base class of every backend's schema
# editor; a View's handler gets the request dispatch hands it (setup keeps it as
# self.request), a middleware's method its parameter named request, a function a URL
# pattern routes to its first parameter, a backend part's __init__ the wrapper that made it.
GIVEN_BY_DJANGO = {
    "app.shelve_books": {
        "django.apps.registry.Apps.get_model",
        f"{SCHEMA_EDITOR}.create_model",
        f"{QUERYSET}.create",  # describe() on what it made stays unresolved: it is Book's own
    },
    "app.SearchView.get": {
        "django.http.request.QueryDict.getlist",
        "django.http.request.HttpRequest.get_full_path",
    },
    "app.SearchTermsMiddleware.process_request": {"django.http.request.QueryDict.getlist"},
    "views.search": {"django.http.request.QueryDict.getlist"},  # urls.py routes to it
    "views.helper": set(),  # no URL pattern does
    # a backend part is made by the database wrapper, with itself: self.connection
    "app.AuditingSchemaEditor.audited": {
        "django.db.backends.base.operations.BaseDatabaseOperations.quote_name"
    },
}
# Connections: the settings pick a backend at run time; calls are typed by the base class
# every backend derives from (the dummy backend's override is what runs here).
CONNECTIONS_IN_REPOSITORY = {
    "app.quoted": {"django.db.backends.base.operations.BaseDatabaseOperations.quote_name"},
    "app.quoted_by_alias": {"django.db.backends.base.operations.BaseDatabaseOperations.quote_name"},
    "app.create_table": {
        "django.db.backends.base.base.BaseDatabaseWrapper.schema_editor",
        f"{SCHEMA_EDITOR}.__enter__",
        f"{SCHEMA_EDITOR}.create_model",
        f"{SCHEMA_EDITOR}.__exit__",
    },
}
# Read as a dependency, a call reached through an object (``django.db.connection``, a
# module-level ConnectionProxy) names the definition, as in the repository: the import
# name ``django.db.connection.ops.quote_name`` would lead the graph to no definition.
# (``with`` makes edges to the repository's own __enter__/__exit__ only.)
CONNECTIONS_AS_DEPENDENCY = {
    "app.quoted": {"django.db.backends.base.operations.BaseDatabaseOperations.quote_name"},
    "app.quoted_by_alias": {"django.db.backends.base.operations.BaseDatabaseOperations.quote_name"},
    "app.create_table": {
        "django.db.backends.base.base.BaseDatabaseWrapper.schema_editor",
        f"{SCHEMA_EDITOR}.create_model",
    },
}

CALLEES = {**EXPECTED, **GIVEN_BY_DJANGO}


GRAPHS = ["in_repository", "as_dependency"]  # the fixtures: Django read both ways


def _callees(graph: CodeGraph, caller: str) -> set[str]:
    return {call.callee for call in graph.calls if call.caller == caller}


def _parsed_beside_django(root: Path, module: str, source: str) -> CodeGraph:
    """A repository of the miniature Django and one module of ``source``, parsed."""
    shutil.copytree(ASSETS / "site" / "django", root / "django")
    (root / f"{module}.py").write_text(source)
    return parse_repository(root, repository=REPO, workers=1)


@pytest.fixture(scope="module")
def in_repository(tmp_path_factory: pytest.TempPathFactory) -> CodeGraph:
    root = tmp_path_factory.mktemp("orm")
    shutil.copytree(ASSETS / "site" / "django", root / "django")
    for module in (ASSETS / "project").glob("*.py"):
        shutil.copy(module, root / module.name)
    return parse_repository(root, repository=REPO, workers=1)


@pytest.fixture(scope="module")
def as_dependency() -> CodeGraph:
    return parse_repository(ASSETS / "project", repository=REPO, workers=1, dependencies=[ASSETS / "site"])


@pytest.mark.parametrize("script", ["app.py", "urls.py"])
def test_the_application_runs_as_its_comments_say(script: str) -> None:
    done = subprocess.run(
        [sys.executable, script],
        cwd=ASSETS / "project",
        env={"PYTHONPATH": str(ASSETS / "site")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "ok"


@pytest.mark.parametrize("caller", sorted(CALLEES))
@pytest.mark.parametrize("graph_name", GRAPHS)
def test_calls_reach_what_django_makes_and_gives_at_run_time(
    caller: str, graph_name: str, request: pytest.FixtureRequest
) -> None:
    """ORM calls reach the QuerySet methods; parameters Django fills hold what it passes."""
    graph = request.getfixturevalue(graph_name)
    assert _callees(graph, caller) == CALLEES[caller]


@pytest.mark.parametrize("caller", sorted(CONNECTIONS_IN_REPOSITORY))
def test_connection_calls_reach_the_backend_base_classes(caller: str, in_repository: CodeGraph) -> None:
    assert _callees(in_repository, caller) == CONNECTIONS_IN_REPOSITORY[caller]


@pytest.mark.parametrize("caller", sorted(CONNECTIONS_AS_DEPENDENCY))
def test_connection_calls_into_a_dependency_name_the_definitions(
    caller: str, as_dependency: CodeGraph
) -> None:
    assert _callees(as_dependency, caller) == CONNECTIONS_AS_DEPENDENCY[caller]


@pytest.mark.parametrize("caller", sorted(THROUGH_FIELDS))
@pytest.mark.parametrize("graph_name", GRAPHS)
def test_a_model_instance_holds_its_fields_values(
    caller: str, graph_name: str, request: pytest.FixtureRequest
) -> None:
    graph = request.getfixturevalue(graph_name)
    through_fields, made = THROUGH_FIELDS[caller]
    assert _callees(graph, caller) == through_fields | made | {MODEL_INIT[graph_name]}


@pytest.mark.parametrize("graph_name", GRAPHS)
def test_a_model_the_app_registry_gives_has_what_every_model_has(
    graph_name: str, request: pytest.FixtureRequest
) -> None:
    graph = request.getfixturevalue(graph_name)
    assert _callees(graph, "app.registered_book") == {
        # read as a dependency too: ``apps`` is an object, its import name leads nowhere
        "django.apps.registry.Apps.get_model",
        f"{QUERYSET}.create",  # model.objects: the default manager
        "django.db.models.base.Model.save",  # what create made: a model instance
    }


def test_a_function_no_run_python_runs_keeps_its_parameters_unknown(tmp_path: Path) -> None:
    """Only the function passed to Django's RunPython is typed: not one of the same
    signature, not one passed to a RunPython of another package."""
    graph = _parsed_beside_django(
        tmp_path,
        "steps",
        "from django.db import migrations\n\n\n"
        "class RunPython:\n    def __init__(self, code):\n        self.code = code\n\n\n"
        "def forwards(apps, schema_editor):\n    apps.get_model('app', 'Book')\n\n\n"
        "def backwards(apps, schema_editor):\n    apps.get_model('app', 'Book')\n\n\n"
        "def unused(apps, schema_editor):\n    apps.get_model('app', 'Book')\n\n\n"
        "OWN = RunPython(forwards)\n"
        "DJANGOS = migrations.RunPython(lambda apps, editor: None, reverse_code=backwards)\n",
    )
    assert _callees(graph, "steps.forwards") == set()  # a RunPython of its own
    assert _callees(graph, "steps.unused") == set()
    assert _callees(graph, "steps.backwards") == {"django.apps.registry.Apps.get_model"}


def test_only_a_views_handlers_are_given_a_request_and_only_by_django(tmp_path: Path) -> None:
    graph = _parsed_beside_django(
        tmp_path,
        "cache",
        "from django.views import View\n\n\n"
        "class Cache:\n    def get(self, request):\n        return request.get_full_path()\n\n\n"
        "class Page(View):\n    def render(self, request):\n        return request.get_full_path()\n\n"
        "    def get(self, request):\n        return request\n\n\n"
        "class Probe:\n    def get_full_path(self):\n        return '/'\n\n\n"
        "def probe():\n    return Page().get(Probe()).get_full_path()\n",
    )
    assert _callees(graph, "cache.Cache.get") == set()  # a get(), but no View's
    assert _callees(graph, "cache.Page.render") == set()  # a View's, but no handler
    # called with something else, a handler's parameter holds what the call passes
    assert {"cache.Probe.get_full_path", "cache.Page.get"} <= _callees(graph, "cache.probe")
    assert "django.http.request.HttpRequest.get_full_path" not in _callees(graph, "cache.probe")


def test_a_manager_made_by_from_queryset_inherits_from_the_manager_class(in_repository: CodeGraph) -> None:
    manager = next(f for f in in_repository.files if f.module.qualname == "django.db.models.manager")
    base = Inherits("django.db.models.manager.Manager", "django.db.models.manager.BaseManager", 0)
    assert base in manager.inherits
    assert not [i for i in manager.inherits if "QuerySet" in i.base or "synthetic" in i.base]


def test_classes_that_are_no_models_keep_their_attributes_as_written(tmp_path: Path) -> None:
    graph = _parsed_beside_django(
        tmp_path,
        "registry",
        "class Registry:\n    pass\n\n\ndef lookup():\n    return Registry.objects.filter(name='x')\n\n\n"
        "class TextField:\n    def lower(self):\n        return 'x'\n\n\n"
        "class Form:\n    name = TextField()\n\n\ndef render():\n    return Form().name.lower()\n",
    )
    assert _callees(graph, "registry.lookup") == set()  # no objects: Registry is no model
    assert _callees(graph, "registry.render") == {"registry.Form", "registry.TextField.lower"}


def test_only_the_model_a_relation_field_points_at_gets_its_other_side(tmp_path: Path) -> None:
    """``volume_set`` is a name the scan of the sources offers for any model; a model gets
    it only where a field of ``Volume`` points at that model."""
    graph = _parsed_beside_django(
        tmp_path,
        "shop",
        "from django.db import models\n\n\n"
        "class Shelf(models.Model):\n    pass\n\n\n"
        "class Crate(models.Model):\n    pass\n\n\n"
        "class Volume(models.Model):\n    shelf = models.ForeignKey(Shelf, on_delete=None)\n\n\n"
        "def stock():\n    Shelf().volume_set.add()\n    Crate().volume_set.add()\n",
    )
    reached = {(c.caller, c.lineno) for c in graph.calls if c.callee == f"{REVERSE_RELATED}.add"}
    assert reached == {("shop.stock", 17)}  # Shelf's; Crate has no volume_set
