// Structural signals computed with networkx over one repository's graph and
// stored on its nodes, for ranking (search prior) and reports (import cycles).

// name: repository_functions_structure
// Every function of a repository with the structural signals stored on it.
// :param repo_id => 'requests'
MATCH (f:Function {repo_id: $repo_id})
RETURN f.id AS id, f.pagerank AS pagerank, f.callers AS callers, f.callees AS callees

// name: repository_call_edges
// Calls between a repository's functions and into other ingested functions.
// :param repo_id => 'requests'
MATCH (a:Function {repo_id: $repo_id})-[:CALLS]->(b:Function)
RETURN a.id AS src, b.id AS dst

// name: repository_import_edges
// Imports between a repository's own modules.
// :param repo_id => 'requests'
MATCH (a:Module {repo_id: $repo_id})-[:IMPORTS]->(b:Module {repo_id: $repo_id})
RETURN a.id AS src, b.id AS dst

// name: set_function_structure
// Store PageRank and caller / callee counts on functions.
UNWIND $rows AS row
MATCH (f:Function {id: row.id})
SET f.pagerank = row.pagerank, f.callers = row.callers, f.callees = row.callees

// name: set_module_cycles
// Mark modules by the import cycle (strongly connected component) they belong to, or null.
UNWIND $rows AS row
MATCH (m:Module {id: row.id})
SET m.import_cycle = row.cycle

// name: import_cycles
// Import cycles of a repository: the modules of each, smallest cycle id first.
// :param repo_id => 'django'
MATCH (m:Module {repo_id: $repo_id})
WHERE m.import_cycle IS NOT NULL
RETURN m.import_cycle AS cycle, collect(m.qualname) AS modules
ORDER BY cycle

// name: repository_cycle_marks
// Modules of a repository currently marked as part of an import cycle.
// :param repo_id => 'django'
MATCH (m:Module {repo_id: $repo_id})
WHERE m.import_cycle IS NOT NULL
RETURN m.id AS id, m.import_cycle AS cycle

// name: module_call_neighbourhood
// The functions and the module nodes of some modules, each with the functions of
// the same repository it calls and that call it (what a re-ingest of them can move).
// :param repo_id => 'requests'
// :param module_ids => ['requests:requests.api']
UNWIND $module_ids AS mid
MATCH (:Module {id: mid})-[:DEFINES*0..]->(n)
WHERE n:Function OR n:Module
OPTIONAL MATCH (n)-[:CALLS]->(o:Function {repo_id: $repo_id})
WITH n, collect(DISTINCT o.id) AS outs
OPTIONAL MATCH (n)<-[:CALLS]-(i:Function {repo_id: $repo_id})
RETURN n.id AS id, labels(n)[0] AS label, n.pagerank AS pagerank, outs, collect(DISTINCT i.id) AS ins

// name: function_call_neighbourhood
// Some functions with their stored signals and the functions of the same
// repository they call and that call them (to recount callers and callees).
// :param repo_id => 'requests'
// :param ids => ['requests:requests.api.get']
UNWIND $ids AS id
MATCH (f:Function {id: id})
OPTIONAL MATCH (f)-[:CALLS]->(o:Function {repo_id: $repo_id})
WITH f, collect(DISTINCT o.id) AS outs
OPTIONAL MATCH (f)<-[:CALLS]-(i:Function {repo_id: $repo_id})
RETURN f.id AS id, f.pagerank AS pagerank, f.callers AS callers, f.callees AS callees,
       outs, collect(DISTINCT i.id) AS ins

// name: module_import_neighbourhood
// Some modules with the modules of the same repository they import and that import them.
// :param repo_id => 'requests'
// :param module_ids => ['requests:requests.api']
UNWIND $module_ids AS mid
MATCH (m:Module {id: mid})
OPTIONAL MATCH (m)-[:IMPORTS]->(o:Module {repo_id: $repo_id})
WITH m, collect(DISTINCT o.id) AS outs
OPTIONAL MATCH (m)<-[:IMPORTS]-(i:Module {repo_id: $repo_id})
RETURN m.id AS id, outs, collect(DISTINCT i.id) AS ins

// name: set_structure_state
// The PageRank error bound carried since the last full computation, and the rank
// of a function nobody calls (where a new function's estimate starts).
// :param id => 'requests'
// :param pagerank_drift => 0.0
// :param pagerank_base => 0.15
MATCH (r:Repository {id: $id})
SET r.pagerank_drift = $pagerank_drift, r.pagerank_base = $pagerank_base
