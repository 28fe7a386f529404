"""The repository-wide pass joins facts of several files into edges (graph_rag/parse/flow.py)."""

from __future__ import annotations

from graph_rag.model import (
    Binding,
    Call,
    Confidence,
    FlowFacts,
    Inherits,
    Overrides,
    ParamCall,
    SelfCall,
    Signature,
    SuperCall,
)
from graph_rag.parse import moved_modules
from graph_rag.parse.flow import join

# runner.apply(fn) calls its parameter; plugins passes helper to it and overrides Base.step.
RUNNER = FlowFacts(
    param_calls=(ParamCall("runner.apply", "runner.apply", "fn", 2),),
    self_calls=(SelfCall("runner.Base.run", "runner.Base.step", 7),),
    methods=("runner.Base.run", "runner.Base.step"),
)
PLUGINS = FlowFacts(
    bindings=(Binding("runner.apply", "fn", "plugins.helper"),),
    overrides=(Overrides("plugins.Child.step", "runner.Base.step"),),
    methods=("plugins.Child.step",),
)


def test_a_callback_and_an_override_from_another_module_become_edges_of_the_caller() -> None:
    result = join({"runner": RUNNER, "plugins": PLUGINS})
    assert result.calls == {
        "runner": [
            Call("runner.apply", "plugins.helper", 2, Confidence.NAME),
            Call("runner.Base.run", "plugins.Child.step", 7, Confidence.NAME),
        ]
    }
    assert (result.resolved_param_calls, result.unresolved_param_calls) == (1, 0)


def test_parameter_calls_are_counted_only_for_the_modules_asked_for() -> None:
    result = join({"runner": RUNNER, "plugins": PLUGINS}, counted={"plugins"})
    assert (result.resolved_param_calls, result.unresolved_param_calls) == (0, 0)
    assert "runner" in result.calls  # the edges are still found


def test_a_change_to_one_module_moves_the_edges_of_the_other() -> None:
    other = FlowFacts(bindings=(Binding("runner.apply", "fn", "plugins.other"),))
    before = {"runner": RUNNER, "plugins": PLUGINS}
    assert moved_modules(before, {"runner": RUNNER, "plugins": other}) == {"runner"}
    assert moved_modules(before, dict(before)) == set()
    # A module that is gone takes its callbacks with it; it is not itself "moved".
    assert moved_modules(before, {"runner": RUNNER}) == {"runner"}


def test_an_override_runs_through_self_only_in_the_receivers_own_family() -> None:
    """In Job.run, self is a Job: NightlyJob(Job) may override step there, Report(Task) not."""
    runner = FlowFacts(
        self_calls=(SelfCall("m.Job.run", "m.Task.step", 3, "m.Job"),),
        overrides=(Overrides("m.Report.step", "m.Task.step"), Overrides("m.NightlyJob.step", "m.Task.step")),
        inherits=(
            Inherits("m.Job", "m.Task"),
            Inherits("m.Report", "m.Task"),
            Inherits("m.NightlyJob", "m.Job"),
        ),
        methods=("m.Job.run", "m.Task.step", "m.Report.step", "m.NightlyJob.step"),
    )
    assert join({"m": runner}).calls == {"m": [Call("m.Job.run", "m.NightlyJob.step", 3, Confidence.NAME)]}
    unknown = FlowFacts(
        self_calls=(SelfCall("m.Job.run", "m.Task.step", 3),),
        overrides=runner.overrides,
        methods=runner.methods,
    )
    assert {c.callee for c in join({"m": unknown}).calls["m"]} == {"m.Report.step", "m.NightlyJob.step"}


def test_a_method_called_on_a_parameter_runs_on_each_instance_passed_in_along_its_mro() -> None:
    """emit(sink) calls sink.write() and sink(); callers in another module pass a FileSink
    (write inherited through a diamond: C3 puts Right before Base, where a depth-first
    search would stop at Base) and a Plain (no write, not callable: no edge)."""
    sinks = FlowFacts(
        param_calls=(
            ParamCall("io.emit", "io.emit", "sink", 2, "write"),
            ParamCall("io.emit", "io.emit", "sink", 3),
        ),
        inherits=(
            Inherits("io.FileSink", "io.Right", 1),
            Inherits("io.FileSink", "io.Left", 0),
            Inherits("io.Left", "io.Base", 0),
            Inherits("io.Right", "io.Base", 0),
        ),
        methods=("io.Base.write", "io.Right.write", "io.FileSink.__call__", "io.Plain.close"),
    )
    app = FlowFacts(
        bindings=(Binding("io.emit", "sink", "io.FileSink()"), Binding("io.emit", "sink", "io.Plain()"))
    )
    result = join({"io": sinks, "app": app})
    assert result.calls == {
        "io": [
            Call("io.emit", "io.Right.write", 2, Confidence.NAME),
            Call("io.emit", "io.FileSink.__call__", 3, Confidence.NAME),
        ]
    }
    assert (result.resolved_param_calls, result.unresolved_param_calls) == (2, 0)


def test_super_in_a_mixin_runs_the_next_definition_in_each_subclass_mro() -> None:
    """Mixin.save calls super().save(); Mixin has no base with save. Mixed into Model (in
    another module) it reaches Model.save; into Plain, nothing: counted unresolved once."""
    mixins = FlowFacts(
        super_calls=(
            SuperCall("m.Mixin.save", "m.Mixin", "save", 3),
            SuperCall("m.Lonely.save", "m.Lonely", "save", 9),
        ),
        methods=("m.Mixin.save", "m.Lonely.save"),
    )
    models = FlowFacts(
        inherits=(
            Inherits("db.Article", "m.Mixin", 0),
            Inherits("db.Article", "db.Model", 1),
            Inherits("db.Plain", "m.Mixin", 0),
        ),
        methods=("db.Model.save",),
    )
    result = join({"m": mixins, "db": models})
    assert result.calls == {"m": [Call("m.Mixin.save", "db.Model.save", 3, Confidence.NAME)]}
    assert (result.resolved_param_calls, result.unresolved_param_calls) == (1, 1)


def test_what_a_parameter_call_passes_on_binds_the_parameters_of_what_it_reaches() -> None:
    """run(handler, cb) calls handler(cb); app passes notify and done. notify(callback)
    then calls done: bound through notify's signature (its first positional parameter),
    and through a keyword and an element of *rest (rest[0]()) alike."""
    lib = FlowFacts(
        param_calls=(
            ParamCall(
                "lib.run", "lib.run", "handler", 2, arguments=(("#0", "lib.run\x00cb"), ("#1", "app.extra"))
            ),
            ParamCall("lib.notify", "lib.notify", "callback", 5),
            ParamCall("lib.notify", "lib.notify", "rest[*]", 6),
        ),
        signatures=(Signature("lib.run", ("handler", "cb")), Signature("lib.notify", ("callback",), "rest")),
    )
    app = FlowFacts(
        bindings=(Binding("lib.run", "handler", "lib.notify"), Binding("lib.run", "cb", "app.done"))
    )
    result = join({"lib": lib, "app": app})
    assert result.calls == {
        "lib": [
            Call("lib.run", "lib.notify", 2, Confidence.NAME),
            Call("lib.notify", "app.done", 5, Confidence.NAME),
            Call("lib.notify", "app.extra", 6, Confidence.NAME),
        ]
    }


def test_a_call_counted_elsewhere_draws_its_edges_but_is_not_counted_again() -> None:
    """A loop over a parameter calls __iter__ on what is passed, but is no call site of the
    code; nor is the second source of one call (counted with the first)."""
    loop = FlowFacts(
        param_calls=(
            ParamCall("m.total", "m.total", "items", 3, "__iter__", counted=False),
            ParamCall("m.total", "m.total", "other", 4, counted=False),
        ),
        bindings=(Binding("m.total", "items", "m.Pages()"),),
        methods=("m.Pages.__iter__",),
    )
    result = join({"m": loop})
    assert result.calls == {"m": [Call("m.total", "m.Pages.__iter__", 3, Confidence.NAME)]}
    assert (result.resolved_param_calls, result.unresolved_param_calls) == (0, 0)


def test_self_passed_on_is_an_instance_of_its_class_or_a_subclass_and_a_loop_reaches_next() -> None:
    """Node.accept passes self to walk(node): node.kind() may be Node's or Leaf's; the loop
    over it calls Node.__iter__, then __next__ on the Walker that __iter__ returns."""
    tree = FlowFacts(
        param_calls=(
            ParamCall("m.walk", "m.walk", "node", 2, "kind"),
            ParamCall("m.walk", "m.walk", "node", 3, "__iter__", counted=False),
        ),
        bindings=(Binding("m.walk", "node", "m.Node(*)"),),
        inherits=(Inherits("m.Leaf", "m.Node"),),
        methods=("m.Node.kind", "m.Leaf.kind", "m.Node.__iter__", "m.Node.__next__", "m.Walker.__next__"),
        iterators=(("m.Node.__iter__", "m.Walker"),),
    )
    assert {(c.callee, c.lineno) for c in join({"m": tree}).calls["m"]} == {
        ("m.Leaf.kind", 2),
        ("m.Node.kind", 2),
        ("m.Node.__iter__", 3),
        ("m.Walker.__next__", 3),
    }


def test_a_method_of_a_builtin_value_is_the_builtin_type_s_own_callable_attribute() -> None:
    """An int passed in: bit_length is int's method; real is an attribute, not a method;
    __iter__ is a protocol method (no code of anyone's runs): neither draws an edge."""
    facts = FlowFacts(
        param_calls=(
            ParamCall("m.f", "m.f", "n", 2, "bit_length"),
            ParamCall("m.f", "m.f", "n", 3, "real"),
            ParamCall("m.f", "m.f", "n", 4, "__iter__"),
        ),
        bindings=(Binding("m.f", "n", "builtins.bool()"),),
    )
    result = join({"m": facts})
    assert result.calls == {"m": [Call("m.f", "builtins.int.bit_length", 2, Confidence.NAME)]}
    assert (result.resolved_param_calls, result.unresolved_param_calls) == (1, 2)


def test_a_site_that_may_call_several_parameters_is_resolved_when_any_of_them_is() -> None:
    """choose(a, b)() calls a or b: counted once, resolved by b's binding alone."""
    facts = FlowFacts(
        param_calls=(
            ParamCall("m.run", "m.run", "a", 2, also=(("m.run", "b"),)),
            ParamCall("m.run", "m.run", "b", 2, counted=False),
        ),
        bindings=(Binding("m.run", "b", "m.h"),),
    )
    result = join({"m": facts})
    assert result.calls == {"m": [Call("m.run", "m.h", 2, Confidence.NAME)]}
    assert (result.resolved_param_calls, result.unresolved_param_calls) == (1, 0)


def test_the_items_of_a_table_passed_in_follow_the_table_through_forwarded_parameters() -> None:
    """app passes HANDLERS' values into forward(table); forward passes table on to
    dispatch, which calls table[name](): an item of a parameter takes what is bound to
    the same item of whatever was forwarded to it."""
    lib = FlowFacts(
        param_calls=(ParamCall("m.dispatch", "m.dispatch", "table[*]", 2),),
        bindings=(Binding("m.dispatch", "table", "m.forward\x00table"),),
    )
    app = FlowFacts(
        bindings=(Binding("m.forward", "table{}", "app.start"), Binding("m.forward", "table{}", "app.stop"))
    )
    result = join({"m": lib, "app": app})
    assert result.calls == {
        "m": [
            Call("m.dispatch", "app.start", 2, Confidence.NAME),
            Call("m.dispatch", "app.stop", 2, Confidence.NAME),
        ]
    }


def test_a_callback_forwarded_through_thousands_of_functions_still_arrives() -> None:
    """f0 passes cb to f1, ..., f4999 calls it: solved without recursion (Python's stack
    would end at about a thousand), and a cycle back to the start changes nothing."""
    depth = 5000
    bindings = [Binding("m.f0", "cb", "m.done")]
    bindings += [Binding(f"m.f{i + 1}", "cb", f"m.f{i}\x00cb") for i in range(depth - 1)]
    bindings.append(Binding("m.f0", "cb", f"m.f{depth - 1}\x00cb"))
    facts = FlowFacts(
        param_calls=(ParamCall(f"m.f{depth - 1}", f"m.f{depth - 1}", "cb", 9),), bindings=tuple(bindings)
    )
    assert join({"m": facts}).calls == {"m": [Call(f"m.f{depth - 1}", "m.done", 9, Confidence.NAME)]}


def test_a_module_s_facts_are_in_one_order_whatever_order_its_calls_are_written_in(tmp_path) -> None:
    """Stored facts are compared between ingests: values passed in are kept sorted, so two
    orders of the same calls store the same facts."""
    from graph_rag.model import Repository
    from graph_rag.parse import parse_repository

    calls = ["apply(two)", "apply(one)", "apply(three)"]
    stored = []
    for order in (calls, calls[::-1]):
        root = tmp_path / str(len(stored))
        root.mkdir()
        (root / "m.py").write_text(
            "def apply(fn):\n    return fn()\n\n\ndef one():\n    pass\n\n\ndef two():\n    pass\n\n\n"
            "def three():\n    pass\n\n\ndef go():\n" + "".join(f"    {c}\n" for c in order)
        )
        [parsed] = parse_repository(root, repository=Repository(id="r", name="r"), workers=1).files
        stored.append(parsed.flow.bindings)
    assert stored[0] == stored[1]
    assert [b.value for b in stored[0]] == ["m.one", "m.three", "m.two"]


def test_a_callback_a_base_keeps_is_kept_for_the_class_whose_call_passed_it() -> None:
    """``super().__init__(f)`` in A and in its sibling B reach Base.__init__, which keeps its
    parameter as ``self.cb``: B's method calls what B passed; Base's may call either, and
    what ``Base(h)`` passed is kept for instances of exactly Base."""
    keep = Binding("m.Base", ".cb", "m.Base.__init__\x00cb")
    facts = FlowFacts(
        bindings=(
            keep,
            Binding("m.Base.__init__", "cb", "m.on_a", "m.A"),
            Binding("m.Base.__init__", "cb", "m.on_b", "m.B"),
            Binding("m.Base.__init__", "cb", "m.on_any", "m.Base()"),
        ),
        param_calls=(
            ParamCall("m.B.run", "m.B", ".cb", 5),
            ParamCall("m.Base.run", "m.Base", ".cb", 6),
            ParamCall("m.Base.__init__", "m.Base.__init__", "cb", 7),
        ),
        inherits=(Inherits("m.A", "m.Base", 0), Inherits("m.B", "m.Base", 0)),
    )
    calls = {(c.caller, c.callee) for c in join({"m": facts}).calls["m"]}
    assert {callee for caller, callee in calls if caller == "m.B.run"} == {"m.on_b"}
    assert {callee for caller, callee in calls if caller == "m.Base.run"} == {"m.on_a", "m.on_b", "m.on_any"}
    # the parameter itself holds all that was passed
    assert {callee for caller, callee in calls if caller == "m.Base.__init__"} == {
        "m.on_a",
        "m.on_b",
        "m.on_any",
    }
