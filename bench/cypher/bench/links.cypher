// Queries only bench/link_bench.py runs (namespace "bench.").

// name: calls_into
// A repository's CALLS edges into names under a prefix ('django.'), by the target's label;
// not those the store derived (derived_into counts them).
MATCH (s)-[r:CALLS]->(t)
WHERE s.repo_id = $repo AND t.qualname STARTS WITH $prefix AND r.derived IS NULL
RETURN labels(t)[0] AS label, count(r) AS edges

// name: inherits_into
// A repository's INHERITS edges into names under a prefix, by the target's label.
MATCH (s)-[r:INHERITS]->(t)
WHERE s.repo_id = $repo AND t.qualname STARTS WITH $prefix
RETURN labels(t)[0] AS label, count(r) AS edges

// name: derived_into
// A repository's edges into names under a prefix that the store derived (a class's
// __init__ called, an override), by type.
MATCH (s)-[r:CALLS|OVERRIDES]->(t)
WHERE s.repo_id = $repo AND t.qualname STARTS WITH $prefix AND r.derived = true
RETURN type(r) AS type, count(r) AS edges
