"""Model objects as stored properties."""

from __future__ import annotations

import json

from graph_rag.model import Binding, FlowFacts, Inherits, Overrides, ParamCall, SelfCall, Signature, SuperCall
from graph_rag.store.rows import FLOW_VERSION, NAME_REPEATS, flow_from_json, flow_json, search_text


def test_flow_facts_survive_the_trip_through_a_stored_property() -> None:
    facts = FlowFacts(
        param_calls=(
            ParamCall("m.f", "m.f", "fn", 3, also=(("m.f", "other"),)),
            ParamCall(
                "m.f", "m.f", "sink", 4, "write", (("#0", "m.g"), ("hook", "m.f\x00fn")), counted=False
            ),
            ParamCall("m.f", "m.f", "sink", 6, "close", guard="m.D\x03m.E"),  # isinstance(sink, D)
        ),
        bindings=(
            Binding("m.f", "fn", "m.g"),
            Binding("m.h", "cb", "m.f\x00fn"),
            Binding("m.C.__init__", ".sink", "m.C.__init__\x00sink\x03\x03m.E"),  # not an E there
            Binding("m.f", "sink", "m.D()"),
            Binding("m.C.__init__", "fn", "m.g", "m.D"),  # passed by super().__init__ in m.D
        ),
        self_calls=(
            SelfCall("m.C.run", "m.C.step", 9, "m.C", "run"),
            SelfCall("m.f", "m.C.step", 2, "m.C"),
            SelfCall("m.C.run", "m.C.size", 10, "m.C", "run", read=True),  # self.size, a property
        ),
        overrides=(Overrides("m.D.step", "m.C.step"),),
        inherits=(Inherits("m.D", "m.C", 0),),
        methods=("m.C.step", "m.D.step"),
        super_calls=(SuperCall("m.Mixin.step", "m.Mixin", "step", 12),),
        signatures=(Signature("m.f", ("fn", "sink"), "rest"), Signature("m.C.step", (), receiver="self")),
        iterators=(("m.C.__iter__", ""), ("m.D.__iter__", "m.Walker")),
        extends=(("m.D", "run"),),  # super().run() in a method of m.D
        getters=("m.C.size",),
    )
    assert flow_from_json(flow_json(facts)) == facts
    assert flow_from_json(flow_json(FlowFacts())) == FlowFacts()


def test_facts_stored_in_an_older_shape_read_as_absent() -> None:
    """Version 1 had no class bases: its modules are parsed again, as if stored without facts."""
    first_version = '{"param_calls":[],"bindings":[],"self_calls":[["m.C.run","m.C.step",9]],"overrides":[]}'
    assert flow_from_json(first_version) is None
    # Version 2 had the same shape, without the slots of callables kept on self.
    second_version = '{"v":2,"param_calls":[],"bindings":[],"self_calls":[],"overrides":[],"inherits":[]}'
    assert flow_from_json(second_version) is None
    # Version 3 did not bind instances, nor record methods called on parameters.
    third_version = '{"v":3,"param_calls":[],"bindings":[],"self_calls":[],"overrides":[],"inherits":[]}'
    assert flow_from_json(third_version) is None
    # Version 4 first wrote parameter calls as flat rows; 5 nests their arguments.
    fourth_version = '{"v":4,"param_calls":[["m.f","m.f","fn",3,"",[]]],"bindings":[],"self_calls":[]}'
    assert flow_from_json(fourth_version) is None


def test_facts_of_the_current_version_in_a_shape_it_never_wrote_read_as_absent() -> None:
    """Parsed again rather than misread (a row too short, a field missing)."""
    assert flow_from_json(json.dumps({"v": FLOW_VERSION, "param_calls": [["m.f", "m.f"]]})) is None
    assert flow_from_json(json.dumps({"v": FLOW_VERSION})) is None


def test_the_fulltext_text_weighs_a_definition_by_its_own_name() -> None:
    text = search_text("pkg.mod.HTTPAdapter.send_request", "Send it.", "def send_request(self):\n    pass\n")
    first_line, docstring, code = text.split("\n")
    assert first_line.split().count("send") == NAME_REPEATS  # 'pkg', 'mod', 'http' once
    assert first_line.split().count("http") == 1
    assert (docstring, code) == ("Send it.", "send request self")
