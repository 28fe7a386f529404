// Reads of `graph-rag export pairs`: documented functions with their context,
// fetched as ids first (sorted in code, so the output order is deterministic)
// and then in batches by id.

// name: pair_candidates
// Documented functions of the chosen repositories (all when $repos is empty), by id.
// :param repos => []
// :param origin => null
// :param min_quality => null
// :param include_tests => false
MATCH (r:Repository)
WHERE (size($repos) = 0 OR r.id IN $repos) AND ($origin IS NULL OR r.origin = $origin)
MATCH (f:Function {repo_id: r.id})
WHERE f.docstring IS NOT NULL AND trim(f.docstring) <> ''
  AND ($include_tests OR f.is_test IS NULL OR f.is_test = false)
  AND ($min_quality IS NULL OR coalesce(f.quality, 0.0) >= $min_quality)
RETURN f.id AS id

// name: pair_functions
// What one pair holds, for a batch of function ids: the function, its repository and class.
// :param ids => ['requests:requests.api.get']
UNWIND $ids AS id
MATCH (f:Function {id: id})
MATCH (r:Repository {id: f.repo_id})
OPTIONAL MATCH (c:Class)-[:DEFINES]->(f)
RETURN f.id AS id, f.qualname AS qualname, f.name AS name, f.kind AS kind,
       f.signature AS signature, f.docstring AS docstring, f.source AS source,
       f.path AS path, f.lineno AS lineno, f.end_lineno AS end_lineno, f.is_async AS is_async,
       f.quality AS quality, f.content_hash AS content_hash, f.module_id AS module_id,
       r.id AS repo_id, r.url AS repo_url, r.commit AS repo_commit, r.origin AS repo_origin,
       r.role AS repo_role, r.license AS repo_license,
       c.id AS class_id, c.qualname AS class_qualname, c.name AS class_name,
       c.docstring AS class_docstring

// name: pair_class_bases
// The base classes of some classes, by position.
// :param ids => ['requests:requests.sessions.Session']
UNWIND $ids AS id
MATCH (c:Class {id: id})-[i:INHERITS]->(b)
RETURN id, b.qualname AS base, i.position AS position
ORDER BY id, position

// name: pair_module_imports
// What some modules import: the target's dotted name and the names taken from it.
// :param ids => ['requests:requests.api']
UNWIND $ids AS id
MATCH (m:Module {id: id})-[i:IMPORTS]->(t)
RETURN id, t.qualname AS target, i.names AS names
