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
