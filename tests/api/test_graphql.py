"""The GraphQL API over real HTTP against the real database holding the fixture repos.

Fixtures (see conftest.py): ``dates`` (curated: parse_http_date, Validator /
StrictValidator), ``shop`` (in-house: main -> Cart.add -> price -> discount),
``client`` (in-house: fetch -> shop.pricing.price).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from typing import Any

import pytest

from graph_rag.api.app import allowed_hosts
from graph_rag.api.context import Backend, Context
from graph_rag.api.schema import schema
from graph_rag.api.validation import TOO_COMPLEX

from .conftest import Served


def data(api: Served, query: str, **variables: Any) -> dict[str, Any]:
    result = api.post(query, variables)
    assert "errors" not in result, result
    return result["data"]


def error(api: Served, query: str, **variables: Any) -> str:
    result = api.post(query, variables)
    assert result.get("errors"), result
    return result["errors"][0]["message"]


def names(items: list[dict[str, Any]]) -> list[str]:
    return [item["qualifiedName"] for item in items]


def test_health_reports_the_database_and_its_dialect(api: Served) -> None:
    status, body = api.get("/health")
    assert status == 200
    assert body["status"] == "ok"
    assert body["database"]["reachable"] is True
    assert body["database"]["dialect"] in {"arcadedb", "neo4j"}
    assert body["search"] is True  # a model is configured and the database answers


def test_graphiql_is_served_at_graphql(api: Served) -> None:
    request = urllib.request.Request(f"{api.url}/graphql", headers={"Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert "graphiql" in response.read().decode().lower()


COMBINED = """{
  search(text: "parse an HTTP date", k: 5, filter: {origin: CURATED}) {
    score mode rank
    function {
      qualifiedName
      location { path startLine }
      callers(depth: 2, first: 10) { qualifiedName }
      callees { qualifiedName }
    }
  }
}"""


def test_the_combined_request_finds_the_function_and_walks_its_calls(api: Served) -> None:
    hits = data(api, COMBINED)["search"]
    assert 1 <= len(hits) <= 5
    top = hits[0]["function"]
    assert top["qualifiedName"] == "dates.http.parse_http_date"
    assert top["location"] == {"path": "dates/http.py", "startLine": 5}
    assert names(top["callers"]) == ["dates.cache.Validator.age", "dates.cache.Validator.fresh"]
    assert set(names(top["callees"])) == {
        "dates.http._normalize",
        "email.utils.parsedate_to_datetime",
    }
    assert all(h["function"]["qualifiedName"].startswith("dates.") for h in hits)
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))


@pytest.mark.parametrize("k", [1, 5, 10])
def test_the_combined_request_costs_a_bounded_number_of_queries_whatever_k(api: Served, k: int) -> None:
    data(api, COMBINED.replace("k: 5", f"k: {k}"))
    sent = Counter(api.queries)
    api_queries = {name: n for name, n in sent.items() if name.startswith("api.")}
    # One batch per field, not one per hit: callers(depth: 2) is one query per level
    # (one when the second level's nodes were already expanded as hits themselves).
    # The hits' functions cost nothing: search returns their properties.
    assert 1 <= api_queries["api.function_callers"] <= 2
    assert api_queries["api.function_callees"] == 1
    assert set(api_queries) == {"api.function_callers", "api.function_callees"}
    assert sum(sent.values()) <= 10, sent  # search itself: at most 5 (vector over-fetch retries)


def test_a_search_hit_shows_its_function_as_a_lookup_by_id_does(api: Served) -> None:
    fields = (
        "id qualifiedName name kind signature docstring isAsync isTest quality "
        "location { repo path startLine endLine commit } module { qualifiedName }"
    )
    hits = data(api, f'{{ search(text: "parse an HTTP date", k: 5) {{ function {{ {fields} }} }} }}')
    assert hits["search"]
    for hit in hits["search"]:
        by_id = data(api, f"query($id: ID) {{ function(id: $id) {{ {fields} }} }}", id=hit["function"]["id"])
        assert hit["function"] == by_id["function"]


FUNCTION = """query($name: String, $id: ID, $repo: String) {
  function(qualifiedName: $name, id: $id, repo: $repo) {
    id qualifiedName name kind signature docstring isAsync isTest
    location { repo path startLine endLine commit }
    module { qualifiedName path }
    class { qualifiedName }
    callers { qualifiedName }
    callees { __typename qualifiedName }
    overrides { qualifiedName }
    overriddenBy { qualifiedName }
    similar(k: 3) { score mode rank function { qualifiedName } }
  }
}"""


def test_a_function_by_qualified_name_with_every_field(api: Served) -> None:
    fn = data(api, FUNCTION, name="dates.cache.StrictValidator.fresh")["function"]
    assert fn["id"] == "dates:dates.cache.StrictValidator.fresh"
    assert (fn["name"], fn["kind"], fn["isAsync"], fn["isTest"]) == ("fresh", "METHOD", False, False)
    assert fn["signature"].startswith("fresh(self, header)")
    loc = fn["location"]
    assert (loc["repo"], loc["path"], loc["startLine"], loc["endLine"]) == ("dates", "dates/cache.py", 18, 19)
    assert len(loc["commit"]) == 40
    assert fn["module"] == {"qualifiedName": "dates.cache", "path": "dates/cache.py"}
    assert fn["class"] == {"qualifiedName": "dates.cache.StrictValidator"}
    assert names(fn["overrides"]) == ["dates.cache.Validator.fresh"]
    assert fn["overriddenBy"] == []
    assert len(fn["similar"]) == 3
    assert all(hit["mode"] == "VECTOR" for hit in fn["similar"])
    assert fn["similar"][0]["function"]["qualifiedName"] != fn["qualifiedName"]


def test_callees_are_functions_classes_and_external_symbols(api: Served) -> None:
    fn = data(api, FUNCTION, id="shop:shop.cli.main")["function"]
    kinds = {c["qualifiedName"]: c["__typename"] for c in fn["callees"]}
    assert kinds["shop.cart.Cart"] == "Class"
    assert kinds["shop.cart.Cart.add"] == "Function"
    assert kinds["requests.get"] == "ExternalSymbol"
    assert fn["class"] is None


def test_overridden_by_and_a_plain_function_lookup(api: Served) -> None:
    fn = data(api, FUNCTION, name="dates.cache.Validator.fresh", repo="dates")["function"]
    assert names(fn["overriddenBy"]) == ["dates.cache.StrictValidator.fresh"]
    # self.age dispatches to StrictValidator's override too
    assert names(fn["callees"]) == ["dates.cache.StrictValidator.age", "dates.cache.Validator.age"]


@pytest.mark.parametrize(
    ("depth", "expected"),
    [
        (1, ["shop.pricing.price"]),
        (2, ["shop.pricing.price", "client.app.fetch", "shop.cart.Cart.add"]),
        (
            3,
            [
                "shop.pricing.price",
                "client.app.fetch",
                "shop.cart.Cart.add",
                "client.test_app.test_fetch",
                "shop.cli.main",
            ],
        ),
    ],
)
def test_callers_walk_depth_hops_nearest_first(api: Served, depth: int, expected: list[str]) -> None:
    query = """query($d: Int!) {
        function(qualifiedName: "shop.pricing.discount") { callers(depth: $d) { qualifiedName } } }"""
    assert names(data(api, query, d=depth)["function"]["callers"]) == expected


def test_callers_callees_and_impact_can_leave_test_code_out(api: Served) -> None:
    """excludeTests: a test is neither listed nor walked through (a test calling a test
    helper would bring the helper's callers in)."""
    query = """query($tests: Boolean!) {
        function(qualifiedName: "client.app.fetch") { callers(excludeTests: $tests) { qualifiedName } }
        impact(id: "shop:shop.pricing.discount", depth: 3, excludeTests: $tests) {
            function { qualifiedName } } }"""
    everything, no_tests = data(api, query, tests=False), data(api, query, tests=True)
    assert names(everything["function"]["callers"]) == ["client.test_app.test_fetch"]
    assert no_tests["function"]["callers"] == []
    impacted = names([e["function"] for e in no_tests["impact"]])
    assert impacted == ["shop.pricing.price", "client.app.fetch", "shop.cart.Cart.add", "shop.cli.main"]
    test = """query($tests: Boolean!) { function(qualifiedName: "client.test_app.test_fetch") {
        callees(excludeTests: $tests) { qualifiedName } } }"""
    assert names(data(api, test, tests=True)["function"]["callees"]) == ["client.app.fetch"]


def test_callees_walk_depth_and_first_cuts(api: Served) -> None:
    query = """{ function(id: "shop:shop.cart.Cart.add") {
        two: callees(depth: 2) { qualifiedName } one: callees(depth: 2, first: 1) { qualifiedName } } }"""
    fn = data(api, query)["function"]
    assert set(names(fn["two"])) >= {"shop.pricing.price", "shop.pricing.discount", "builtins.round"}
    assert len(fn["one"]) == 1


def test_class_fields(api: Served) -> None:
    query = """{ class(qualifiedName: "dates.cache.Validator") {
        id qualifiedName docstring location { path startLine } module { qualifiedName }
        methods { qualifiedName } bases { qualifiedName } subclasses(depth: 2) { qualifiedName } } }"""
    cls = data(api, query)["class"]
    assert cls["id"] == "dates:dates.cache.Validator"
    assert cls["docstring"] == "Decides whether a cached response is fresh."
    assert cls["location"] == {"path": "dates/cache.py", "startLine": 4}
    assert cls["module"] == {"qualifiedName": "dates.cache"}
    assert names(cls["methods"]) == ["dates.cache.Validator.age", "dates.cache.Validator.fresh"]
    assert names(cls["subclasses"]) == ["dates.cache.StrictValidator"]
    sub = data(api, '{ class(id: "dates:dates.cache.StrictValidator") { bases { qualifiedName } } }')
    assert names(sub["class"]["bases"]) == ["dates.cache.Validator"]


def test_module_fields(api: Served) -> None:
    query = """{ module(qualifiedName: "shop.cart") {
        qualifiedName path isPackage repository { name origin }
        imports { __typename qualifiedName } importedBy { qualifiedName }
        classes { qualifiedName } functions { qualifiedName } } }"""
    module = data(api, query)["module"]
    assert (module["path"], module["isPackage"]) == ("shop/cart.py", False)
    assert module["repository"] == {"name": "shop", "origin": "INHOUSE"}
    assert "shop.pricing" in names(module["imports"])
    assert set(names(module["importedBy"])) >= {"shop.cli"}
    assert names(module["classes"]) == ["shop.cart.Cart"]
    assert module["functions"] == []


def test_repositories_and_their_modules_and_stats(api: Served) -> None:
    repos = data(api, "{ repositories { name origin commit } }")["repositories"]
    assert [r["name"] for r in repos] == ["client", "dates", "shop"]
    assert {r["name"]: r["origin"] for r in repos}["dates"] == "CURATED"
    repo = data(
        api,
        """{ repository(name: "shop") {
        name license modules(first: 2) { qualifiedName } stats { modules classes functions calls } } }""",
    )
    shop = repo["repository"]
    assert names(shop["modules"]) == ["shop", "shop.cart"]
    assert shop["stats"]["modules"] == 5 and shop["stats"]["classes"] == 1
    assert shop["stats"]["functions"] == 7 and shop["stats"]["calls"] > 5
    # fetch's call of price and the module's own (SAMPLE = price(...)), as ingest counts them
    client = data(api, '{ repository(name: "client") { stats { calls } } }')["repository"]
    assert client["stats"]["calls"] == 3  # fetch -> price, the module -> price, its test -> fetch


def test_call_path_is_the_shortest_chain_of_calls(api: Served) -> None:
    query = """query($from: String!, $to: String!, $hops: Int!) {
        callPath(from: $from, to: $to, maxHops: $hops) { hops functions { qualifiedName } } }"""
    path = data(api, query, **{"from": "shop.cli.main", "to": "shop:shop.pricing.discount", "hops": 6})
    assert path["callPath"]["hops"] == 3
    assert names(path["callPath"]["functions"]) == [
        "shop.cli.main",
        "shop.cart.Cart.add",
        "shop.pricing.price",
        "shop.pricing.discount",
    ]
    short = data(api, query, **{"from": "shop.cli.main", "to": "shop.pricing.discount", "hops": 2})
    assert short["callPath"] is None
    none = data(api, query, **{"from": "shop.pricing.discount", "to": "shop.cli.main", "hops": 6})
    assert none["callPath"] is None


def test_impact_lists_transitive_callers_with_their_depth(api: Served) -> None:
    query = """{ impact(id: "shop:shop.pricing.discount", depth: 3) { depth function { qualifiedName } } }"""
    impact = data(api, query)["impact"]
    assert [(e["depth"], e["function"]["qualifiedName"]) for e in impact] == [
        (1, "shop.pricing.price"),
        (2, "client.app.fetch"),
        (2, "shop.cart.Cart.add"),
        (3, "client.test_app.test_fetch"),
        (3, "shop.cli.main"),
    ]


def test_usages_of_an_external_symbol_by_origin(api: Served) -> None:
    query = """query($origin: Origin) { usages(symbol: "email.utils.parsedate_to_datetime", origin: $origin) {
        target lines confidence derived origin function { qualifiedName } } }"""
    everywhere = data(api, query, origin=None)["usages"]
    assert [u["function"]["qualifiedName"] for u in everywhere] == [
        "dates.http.parse_http_date",
        "shop.clock.last_modified",
    ]
    curated = data(api, query, origin="CURATED")["usages"]
    assert [u["function"]["qualifiedName"] for u in curated] == ["dates.http.parse_http_date"]
    assert curated[0]["target"] == "email.utils.parsedate_to_datetime"
    assert curated[0]["lines"] == [7] and curated[0]["origin"] == "CURATED"
    assert curated[0]["derived"] is False  # the parser read this call in the source


def test_usages_of_an_ingested_function_cross_repository(api: Served) -> None:
    query = """{ usages(symbol: "shop.pricing.price") {
        target function { qualifiedName } module { qualifiedName } } }"""
    rows = data(api, query)["usages"]
    assert [((u["function"] or {}).get("qualifiedName"), u["module"]["qualifiedName"]) for u in rows] == [
        (None, "client.app"),  # SAMPLE = price("tea", 0), at module level
        ("client.app.fetch", "client.app"),
        ("shop.cart.Cart.add", "shop.cart"),
    ]
    assert {u["target"] for u in rows} == {"shop:shop.pricing.price"}
    by_id = data(api, query.replace('"shop.pricing.price"', '"shop:shop.pricing.price"'))["usages"]
    assert by_id == rows  # asked by the function's id, as the other roots take it


def test_usages_of_a_name_a_package_exports_are_those_of_its_definition(api: Served) -> None:
    """shop/__init__.py re-exports Cart: callers that wrote ``shop.Cart`` are linked to
    shop.cart.Cart, and asking by either name finds them."""
    rows = data(api, '{ usages(symbol: "shop.Cart") { target function { qualifiedName } } }')
    assert [(u["function"]["qualifiedName"], u["target"]) for u in rows["usages"]] == [
        ("shop.cli.main", "shop:shop.cart.Cart")
    ]


def test_usages_of_an_override_are_its_own_not_those_of_the_method_it_overrides(api: Served) -> None:
    """StrictValidator.age overrides Validator.age, which Validator.fresh calls: asked by
    the name it is defined under, an override is never read as the inherited member."""
    query = "query($s: String!) { usages(symbol: $s) { target function { qualifiedName } } }"
    usages = lambda symbol: [  # noqa: E731
        (u["function"]["qualifiedName"], u["target"]) for u in data(api, query, s=symbol)["usages"]
    ]
    # self.age in Validator.fresh may reach the override (dispatch), never the reverse
    assert usages("dates.cache.StrictValidator.age") == [
        ("dates.cache.Validator.fresh", "dates:dates.cache.StrictValidator.age")
    ]
    assert usages("dates.cache.Validator.age") == [
        ("dates.cache.Validator.fresh", "dates:dates.cache.Validator.age")
    ]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('{ class(qualifiedName: "shop.Cart") { qualifiedName } }', "shop.cart.Cart"),
        ('{ function(qualifiedName: "shop.Cart.add") { qualifiedName } }', "shop.cart.Cart.add"),
    ],
)
def test_a_definition_is_found_by_the_name_its_package_exports(api: Served, query: str, found: str) -> None:
    (node,) = data(api, query).values()
    assert node["qualifiedName"] == found


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('{ function(id: "shop:no.such") { name } }', "No function with id 'shop:no.such'."),
        ('{ function(qualifiedName: "no.such") { name } }', "No function named 'no.such'."),
        ("{ function { name } }", "Give exactly one of id and qualifiedName to find a function."),
        (
            '{ class(qualifiedName: "shop.cart.Cart", repo: "dates") { name } }',
            "No class named 'shop.cart.Cart' in repository 'dates'.",
        ),
        (
            '{ class(qualifiedName: "shop.cart.Cart", repo: "nope") { name } }',
            "No repository named 'nope'; the graph holds client, dates, shop.",
        ),
        (
            '{ function(qualifiedName: "shop.cli.main", repo: "") { name } }',
            "repo must not be empty: leave it out to look in every repository.",
        ),
        ('{ module(id: "x:y") { name } }', "No module with id 'x:y'."),
        ('{ repository(name: "nope") { name } }', "No repository named 'nope'."),
        (
            '{ function(id: "shop:shop.cli.main") { callers(first: 500) { name } } }',
            "first must be at most 100, got 500.",
        ),
        (
            '{ function(id: "shop:shop.cli.main") { callees(depth: 9) { name } } }',
            "depth must be at most 5, got 9.",
        ),
        (
            '{ function(id: "shop:shop.cli.main") { callers(first: 0) { name } } }',
            "first must be at least 1, got 0.",
        ),
        ('{ impact(id: "shop.pricing.price", depth: 6) { depth } }', "depth must be at most 5, got 6."),
        ('{ callPath(from: "a.b", to: "c.d", maxHops: 11) { hops } }', "maxHops must be at most 10, got 11."),
        ('{ search(text: "x", k: 101) { score } }', "k must be at most 100, got 101."),
        ('{ search(text: "  ") { score } }', "text must not be empty."),
        ('{ usages(symbol: "x", first: 101) { target } }', "first must be at most 100, got 101."),
        ('{ usages(symbol: " ") { target } }', "symbol must not be empty."),
        (
            '{ function(id: "shop:shop.cli.main") { nope } }',
            "Cannot query field 'nope' on type 'Function'. Did you mean 'name'?",
        ),
        (
            '{ search(text: "x", mode: SIDEWAYS) { score } }',
            "Value 'SIDEWAYS' does not exist in 'SearchMode' enum.",
        ),
        (  # the GraphQL spec: which one to run is not guessed
            "query A { repositories { name } } query B { repositories { id } }",
            "Must provide operation name if query contains multiple operations.",
        ),
        (  # graphql-core gives up comparing overlapping fields and said only "Validation aborted."
            "{ repositories { " + "name " * 1990 + "} }",
            TOO_COMPLEX,
        ),
    ],
)
def test_bad_requests_get_a_clear_graphql_error(api: Served, query: str, message: str) -> None:
    assert error(api, query) == message


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b'{"query": "{ repositories { name } ', "application/json", "Unable to parse request body as JSON"),
        (b'"{ repositories { name } }"', "application/json", "Expected a JSON object with a `query`."),
        (b"{}", "application/json", "No GraphQL query found in the request"),
        (b'[{"query": "{ repositories { name } }"}]', "application/json", "Batching is not enabled"),
    ],
)
def test_a_request_refused_before_graphql_runs_still_answers_json_errors(
    api: Served, body: bytes, content_type: str, message: str
) -> None:
    """Strawberry says these in plain text; a client reading every answer as JSON (an
    agent's HTTP tool) would fail on the body instead of showing the reason."""
    request = urllib.request.Request(f"{api.url}/graphql", body, {"Content-Type": content_type})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    assert refused.value.headers["Content-Type"] == "application/json"
    assert json.loads(refused.value.read()) == {"errors": [{"message": message}]}


@pytest.mark.parametrize(
    ("content_type", "named"),
    [
        ("text/plain", "'text/plain'"),
        ("application/x-www-form-urlencoded", "'application/x-www-form-urlencoded'"),
    ],
)
def test_a_post_in_another_content_type_is_refused_as_one(api: Served, content_type: str, named: str) -> None:
    """415, saying what to send: a client that forgot the header learns the fix."""
    request = urllib.request.Request(
        f"{api.url}/graphql", b'{"query": "{ repositories { name } }"}', {"Content-Type": content_type}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 415
    assert json.loads(refused.value.read()) == {
        "errors": [{"message": f"Send the request as JSON (Content-Type: application/json), not {named}."}]
    }


@pytest.mark.parametrize(
    ("parameters", "message"),
    [
        ({"variables": "{bad"}, "The `variables` query parameter is not valid JSON."),
        ({"variables": "[1]"}, "The `variables` query parameter must be a JSON object."),
        ({"extensions": "nope"}, "The `extensions` query parameter is not valid JSON."),
    ],
)
def test_a_get_with_bad_variables_names_the_parameter(
    api: Served, parameters: dict[str, str], message: str
) -> None:
    query = urllib.parse.urlencode({"query": "{ repositories { name } }", **parameters})
    request = urllib.request.Request(f"{api.url}/graphql?{query}", headers={"Accept": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    assert json.loads(refused.value.read()) == {"errors": [{"message": message}]}


def test_a_get_with_variables_as_a_json_object_runs(api: Served) -> None:
    query = urllib.parse.urlencode(
        {
            "query": "query($n: String!) { function(qualifiedName: $n) { name } }",
            "variables": json.dumps({"n": "shop.cli.main"}),
        }
    )
    request = urllib.request.Request(f"{api.url}/graphql?{query}", headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert json.loads(answer.read()) == {"data": {"function": {"name": "main"}}}


def test_a_lookup_that_finds_nothing_is_null_and_the_rest_of_the_document_stands(api: Served) -> None:
    """An agent batching lookups loses only the one that misses."""
    result = api.post(
        '{ missing: function(qualifiedName: "no.such") { name } '
        'found: function(id: "shop:shop.cli.main") { name } repositories { name } }',
        {},
    )
    assert result["data"]["missing"] is None
    assert result["data"]["found"] == {"name": "main"}
    assert result["data"]["repositories"]
    assert [(e["message"], e["path"]) for e in result["errors"]] == [
        ("No function named 'no.such'.", ["missing"])
    ]


@pytest.mark.parametrize(
    ("query", "value", "message"),
    [
        (
            "query($v: String!) { function(qualifiedName: $v) { name } }",
            "\ud800",
            "'\\ud800' is not valid Unicode (surrogates not allowed).",
        ),
        (
            "query($v: ID!) { function(id: $v) { name } }",
            "shop:\ud800",
            "'shop:\\ud800' is not valid Unicode (surrogates not allowed).",
        ),
        (
            "query($v: String!) { usages(symbol: $v) { target } }",
            "x\udfff",
            "'x\\udfff' is not valid Unicode (surrogates not allowed).",
        ),
        (
            "query($v: String!) { search(text: $v, mode: FULLTEXT) { score } }",
            "price \ud800",
            "The search text 'price \\ud800' is not valid Unicode (surrogates not allowed).",
        ),
        (
            'query($v: String!) { search(text: "price", filter: {pathGlob: $v}) { score } }',
            "\ud800*",
            "path glob '\\ud800*' is not valid Unicode (surrogates not allowed).",
        ),
    ],
)
def test_a_lone_surrogate_in_an_argument_is_a_clear_error(
    api: Served, query: str, value: str, message: str
) -> None:
    """JSON may carry "\\ud800", which no UTF-8 text holds: the driver could not send it."""
    assert error(api, query, v=value) == message


@pytest.mark.parametrize("mode", ["FULLTEXT", "VECTOR", "HYBRID"])
def test_a_backwards_range_in_a_path_glob_is_refused(api: Served, mode: str) -> None:
    """Neo4j's Java regex refuses [z-a] and ArcadeDB quietly matches nothing with it."""
    query = f'{{ search(text: "price", mode: {mode}, filter: {{pathGlob: "src/[z-a]*"}}) {{ score }} }}'
    assert error(api, query) == (
        "path glob 'src/[z-a]*' has the range z-a, which runs backwards; write it as a-z."
    )


def test_a_path_glob_with_many_stars_filters_the_search(api: Served) -> None:
    """Stars between fixed parts run in atomic groups on the server (graph_rag.search.path_glob)."""
    query = """{ search(text: "parse an HTTP date", filter: {pathGlob: "*?a*e*/*h*t*p*.py"}) {
        function { location { path } } } }"""
    hits = data(api, query)["search"]
    assert hits and {h["function"]["location"]["path"] for h in hits} == {"dates/http.py"}


def test_a_document_that_could_answer_too_much_is_refused_before_it_runs(api: Served) -> None:
    """Lists multiply: ten nested callers of callers (20 each by default) would resolve for
    minutes from the DataLoader caches. The cost is checked before anything runs."""
    nested = "name " + "callers { name " * 10 + "}" * 10
    message = error(api, f'{{ function(id: "shop:shop.pricing.price") {{ {nested} }} }}')
    assert message.startswith("The query costs 11,317,894,736,843, over the limit of 20,000: ")
    assert api.queries == []


def test_a_large_but_bounded_document_fits_the_budget(api: Served) -> None:
    query = '{ search(text: "price", k: 100) { score function { callers(first: 100) { name } } } }'
    assert data(api, query)["search"]


def test_nested_fields_from_the_cache_still_stop_at_the_deadline(backend: Backend) -> None:
    """Fields answered from the DataLoader caches run no query, so the store's deadline
    check never runs for them: each field that reads the loaders checks it too."""
    document = '{ function(id: "shop:shop.pricing.price") { qualifiedName callers { name } } }'
    price = {"label": "Function", "id": "shop:shop.pricing.price", "qualname": "shop.pricing.price"}

    async def run_after_the_deadline() -> Any:
        context = Context(backend)
        context.loaders.prime([price])  # everything the document asks for is cached
        context.loaders.walk("api.function_callers", "Function").prime((price["id"], 1, 20), [(price, 1)])
        context.deadline = time.monotonic() - 1.0  # and the request's time is up
        return await schema.execute(document, context_value=context)

    result = asyncio.run(run_after_the_deadline())
    assert [e.message for e in result.errors or []] == [
        "The request took longer than 10 s; ask for less (smaller first, depth or k)."
    ]


def test_search_text_over_the_limit_is_refused(api: Served) -> None:
    query = "query($t: String!) { search(text: $t) { score } }"
    assert error(api, query, t="x" * 2001) == "text length must be at most 2000, got 2001."


LONG = ".".join(["a"] * 5000)  # 9,999 characters: a dotted name of 5,000 parts


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("query($v: String!) { usages(symbol: $v) { target } }", "symbol length"),
        ("query($v: String) { function(qualifiedName: $v) { name } }", "qualifiedName length"),
        ("query($v: ID) { class(id: $v) { name } }", "id length"),
        ('query($v: String) { module(qualifiedName: "shop", repo: $v) { name } }', "repo length"),
        ('query($v: String!) { callPath(from: "shop.cli.main", to: $v) { hops } }', "to length"),
        ("query($v: String!) { impact(id: $v) { depth } }", "id length"),
        ("query($v: String!) { repository(name: $v) { name } }", "name length"),
    ],
)
def test_a_name_longer_than_any_python_name_is_refused_before_it_is_looked_up(
    api: Served, query: str, message: str
) -> None:
    """A name is looked up as an export too, with every dotted prefix a module to ask for:
    this one kept the server busy past the request's 10 s (the MCP tools bound it alike)."""
    started = time.monotonic()
    assert error(api, query, v=LONG) == f"{message} must be at most 500, got 9999."
    assert time.monotonic() - started < 2
    assert api.queries == []


def test_document_limits_depth_aliases_tokens(api: Served) -> None:
    deep = '{ function(id: "shop:shop.cli.main") { ' + "callers { " * 12 + "name" + " }" * 12 + " } }"
    assert "exceeds maximum operation depth" in error(api, deep)
    aliases = "{ " + " ".join(f"a{i}: repositories {{ name }}" for i in range(31)) + " }"
    assert "aliases" in error(api, aliases).lower()
    tokens = "{ repositories { " + "name " * 2100 + "} }"
    assert "token" in error(api, tokens).lower()


def test_variables_that_do_not_fit_their_types_say_which_and_why(api: Served) -> None:
    """Agents send variables; a wrong one is theirs to fix, so it is named, not masked."""
    query = "query($t: String!, $k: Int) { search(text: $t, k: $k) { score } }"
    assert error(api, query) == (
        "Variable '$t' has invalid value: Expected a value of non-null type 'String!' to be provided."
    )
    assert (
        error(api, query, t=5)
        == "Variable '$t' has invalid value: String cannot represent a non string value: 5"
    )
    assert error(api, query, t="x", k=1e12) == (
        "Variable '$k' has invalid value: "
        "Int cannot represent non 32-bit signed integer value: 1000000000000.0"
    )


def test_a_client_s_mistake_is_logged_as_one_line_without_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from graph_rag.api.schema import schema

    with caplog.at_level(logging.INFO):
        result = schema.execute_sync("query($t: String!) { search(text: $t) { score } }", variable_values={})
    assert result.errors
    assert [(r.levelno, r.getMessage(), r.exc_info) for r in caplog.records] == [
        (logging.INFO, f"refused: {result.errors[0].message}", None)
    ]


def test_a_value_of_ours_that_does_not_fit_its_type_is_masked() -> None:
    """graphql-core raises a GraphQLError for it too, with the value in the message."""
    import strawberry
    from strawberry.extensions import MaskErrors

    from graph_rag.api.schema import _should_mask

    @strawberry.type
    class Query:
        @strawberry.field
        def secret(self) -> str:
            return {"password": "hunter2"}  # type: ignore[return-value]

    schema = strawberry.Schema(query=Query, extensions=[lambda: MaskErrors(should_mask_error=_should_mask)])
    assert [e.message for e in schema.execute_sync("{ secret }").errors or []] == ["Unexpected error."]


def test_an_unexpected_error_is_masked(api: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph_rag.api import types

    def boom(node: dict[str, Any]) -> Any:
        raise RuntimeError("secret internals at /srv/x.py line 3")

    monkeypatch.setattr(types.Location, "__init__", boom)
    message = error(api, '{ function(id: "shop:shop.cli.main") { location { path } } }')
    assert message == "Unexpected error."


def test_a_request_naming_another_host_is_refused_on_loopback(api: Served) -> None:
    """DNS rebinding: evil.example resolved to 127.0.0.1 in a visitor's browser."""
    request = urllib.request.Request(f"{api.url}/health", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    assert api.get("/health")[0] == 200  # 127.0.0.1 itself is answered
    assert allowed_hosts("0.0.0.0") == ["*"]  # an address the user chose to expose
