"""A class made at run time by ``type(name, bases, namespace)`` (Django's
``formset_factory``) has no definition: calling it is an edge to the ``__init__`` its
bases give, never to a class of that name (graph_rag/parse/call_targets.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from graph_rag.model import Repository
from graph_rag.parse import parse_repository

SOURCE = """
    class BaseSet:
        def __init__(self, data=None):
            self.data = data

        def is_valid(self):
            return self.data is not None


    def set_factory(form, base=BaseSet):
        return type(form.__name__ + "Set", (base,), {"form": form})


    class Form:
        pass


    def use():
        FormSet = set_factory(Form)
        forms = FormSet({})
        return forms.is_valid()


    def plain():
        return Form()
"""


def test_calling_a_class_type_made_reaches_its_bases_init_and_no_made_up_name(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(textwrap.dedent(SOURCE))
    graph = parse_repository(tmp_path, repository=Repository(id="r", name="r"), workers=1)
    reached = {call.callee for call in graph.calls if call.caller == "main.use"}
    assert reached == {"main.set_factory", "main.BaseSet.__init__", "main.BaseSet.is_valid"}
    # a class statement's instantiation still names the class
    assert {call.callee for call in graph.calls if call.caller == "main.plain"} == {"main.Form"}
