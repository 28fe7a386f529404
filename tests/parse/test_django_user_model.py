"""``get_user_model()`` is the user model the repository's settings name.

Django's registry reads the class from ``settings.AUTH_USER_MODEL`` at run time. The
miniature Django (tests/assets/frameworks/django_orm/site, read as a dependency) has
``django.contrib.auth`` with ``User(AbstractUser(AbstractBaseUser))``; each project
here calls ``get_user_model()`` and sets the setting its own way, or not at all.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from graph_rag.model import CodeGraph, Repository
from graph_rag.parse import parse_repository

SITE = Path(__file__).parents[1] / "assets" / "frameworks" / "django_orm" / "site"
AUTH = "django.contrib.auth"
QUERYSET = "django.db.models.query.QuerySet"
SIGN_UP = """\
    from django.contrib.auth import get_user_model


    def sign_up(name):
        user = get_user_model().objects.create_user(name)
        user.set_password("secret")
        return user.get_full_name()


    def reset(user_id):
        get_user_model().objects.get(pk=user_id).set_password("secret")
    """
NICKNAME = """\
    from django.contrib.auth import get_user_model


    def nickname(user_id):
        return get_user_model().objects.get(pk=user_id).nickname()
    """
MEMBER = """\
    from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager


    class Member(AbstractBaseUser):
        objects = BaseUserManager()

        def nickname(self):
            return "member"
    """


def _parsed(root: Path, files: dict[str, str], *, django_in_repository: bool = False) -> CodeGraph:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text))
    if django_in_repository:
        shutil.copytree(SITE / "django", root / "django")
        return parse_repository(root, repository=Repository(id="p", name="p"), workers=1)
    return parse_repository(root, repository=Repository(id="p", name="p"), workers=1, dependencies=[SITE])


def _callees(graph: CodeGraph, caller: str) -> set[str]:
    return {call.callee for call in graph.calls if call.caller == caller} - {f"{AUTH}.get_user_model"}


@pytest.mark.parametrize("django_in_repository", [False, True], ids=["dependency", "repository"])
def test_without_the_setting_it_is_djangos_user(tmp_path: Path, django_in_repository: bool) -> None:
    graph = _parsed(tmp_path, {"shop.py": SIGN_UP}, django_in_repository=django_in_repository)
    assert _callees(graph, "shop.sign_up") == {
        f"{AUTH}.models.UserManager.create_user",
        f"{AUTH}.base_user.AbstractBaseUser.set_password",  # create_user made a User
        f"{AUTH}.models.AbstractUser.get_full_name",
    }
    assert _callees(graph, "shop.reset") == {
        f"{QUERYSET}.get",
        f"{AUTH}.base_user.AbstractBaseUser.set_password",
    }


# A project whose settings name its own user model.
MEMBER_PROJECT = {
    "site_settings.py": 'AUTH_USER_MODEL = "accounts.Member"\n',
    "accounts/__init__.py": "",
    "accounts/models.py": MEMBER,
}


def test_the_setting_names_the_projects_own_model(tmp_path: Path) -> None:
    graph = _parsed(tmp_path, {**MEMBER_PROJECT, "shop.py": NICKNAME})
    assert _callees(graph, "shop.nickname") == {f"{QUERYSET}.get", "accounts.models.Member.nickname"}


def test_a_model_the_setting_names_but_nobody_defines_is_some_user(tmp_path: Path) -> None:
    graph = _parsed(tmp_path, {"settings.py": "AUTH_USER_MODEL = 'missing.Thing'\n", "shop.py": SIGN_UP})
    # what every user model has (AbstractBaseUser's), and nothing a particular one adds
    assert _callees(graph, "shop.reset") == {
        f"{QUERYSET}.get",
        f"{AUTH}.base_user.AbstractBaseUser.set_password",
    }


def test_middleware_gives_a_request_its_user_and_session(tmp_path: Path) -> None:
    """A view's request is an HttpRequest (django_views.py); the authentication middleware
    sets its user (the user model, or AnonymousUser) and the session middleware its
    session (an engine's, typed by SessionBase)."""
    view = """\
        from django.views.generic.base import View


        class Profile(View):
            def get(self, request):
                request.session.flush()
                return request.user.get_full_name()
        """
    graph = _parsed(tmp_path, {"views.py": view})
    assert _callees(graph, "views.Profile.get") == {
        "django.contrib.sessions.backends.base.SessionBase.flush",
        f"{AUTH}.models.AbstractUser.get_full_name",
        f"{AUTH}.models.AnonymousUser.get_full_name",
    }


def test_every_file_that_asks_for_the_user_model_reads_the_module_it_is_in(tmp_path: Path) -> None:
    """The model is found once per worker, for the first file that asks; the next one
    reads it too (Module.reads), or editing ``accounts/models.py`` would re-parse only
    the first file on an incremental ingest."""
    graph = _parsed(tmp_path, {**MEMBER_PROJECT, "shop.py": NICKNAME, "till.py": NICKNAME})
    reads = {parsed.module.qualname: parsed.module.reads for parsed in graph.files}
    assert "accounts.models" in reads["shop"]
    assert "accounts.models" in reads["till"]
