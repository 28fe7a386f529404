// name: write_probe
// A write, sent through the READ path to prove the server refuses it.
// :param id => 'probe'
CREATE (p:ReadOnlyProbe {id: $id})
RETURN p.id AS id

// name: count_probes
// How many write probes got through.
MATCH (p:ReadOnlyProbe)
RETURN count(p) AS probes

// name: delete_probes
// Clean up after a probe that got through.
MATCH (p:ReadOnlyProbe)
DETACH DELETE p

// name: make_dense
// A repository 'dense' of $n functions, each calling the next $fan ones (mod $n), plus
// one function nothing calls: a shortest path to it explores the whole graph.
// :param n => 50
// :param fan => 5
CREATE (r:Repository {id: 'dense', name: 'dense', origin: 'inhouse'})
CREATE (m:Module {id: 'dense:dense', qualname: 'dense', name: 'dense', path: 'dense.py', repo_id: 'dense'})
CREATE (r)-[:CONTAINS]->(m)
WITH m
UNWIND range(0, $n) AS i
CREATE (f:Function {id: 'dense:dense.f' + toString(i), qualname: 'dense.f' + toString(i),
  name: 'f' + toString(i), repo_id: 'dense', path: 'dense.py', lineno: i + 1, kind: 'function'})
CREATE (m)-[:DEFINES]->(f)
WITH count(*) AS made
MATCH (a:Function {repo_id: 'dense'}), (b:Function {repo_id: 'dense'})
WHERE a.lineno <= $n AND b.lineno <= $n AND b.lineno <> a.lineno
  AND (b.lineno - a.lineno + $n) % $n <= $fan
CREATE (a)-[:CALLS {lineno: 1, confidence: 'inferred'}]->(b)

// name: delete_dense
// Remove the generated 'dense' repository.
MATCH (n)
WHERE n.repo_id = 'dense' OR n.id = 'dense'
DETACH DELETE n
