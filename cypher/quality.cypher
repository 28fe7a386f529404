// Quality scores (see docs/corpus.md): the inputs read per repository, the scores
// written back on Function, Module and Repository nodes, and what `explain` shows.

// name: quality_function_inputs
// Every function of a repository with the inputs of its score; test_callers counts
// functions or modules marked is_test, in the same repository, that call it.
// :param repo_id => 'requests'
MATCH (f:Function {repo_id: $repo_id})
RETURN f.id AS id, f.module_id AS module_id, f.docstring AS docstring,
       f.has_type_hints AS has_type_hints, f.loc AS loc, f.pagerank AS pagerank,
       f.callers AS callers, f.callees AS callees,
       f.is_test AS is_test, f.content_hash AS content_hash,
       f.complexity AS complexity, f.complexity_of AS complexity_of,
       f.quality AS quality, f.test_callers AS stored_test_callers,
       COUNT { MATCH (t)-[:CALLS]->(f) WHERE t.is_test = true AND t.repo_id = f.repo_id } AS test_callers

// name: quality_function_inputs_by_id
// Some functions with the inputs of their score (as quality_function_inputs).
// :param ids => ['requests:requests.api.get']
UNWIND $ids AS id
MATCH (f:Function {id: id})
RETURN f.id AS id, f.module_id AS module_id, f.docstring AS docstring,
       f.has_type_hints AS has_type_hints, f.loc AS loc, f.pagerank AS pagerank,
       f.is_test AS is_test, f.content_hash AS content_hash,
       f.complexity AS complexity, f.complexity_of AS complexity_of,
       f.quality AS quality, f.test_callers AS stored_test_callers,
       COUNT { MATCH (t)-[:CALLS]->(f) WHERE t.is_test = true AND t.repo_id = f.repo_id } AS test_callers

// name: quality_function_sources
// The source of some functions (to measure complexity of what changed).
// :param ids => ['requests:requests.api.get']
UNWIND $ids AS id
MATCH (f:Function {id: id})
RETURN f.id AS id, f.source AS source, f.content_hash AS content_hash

// name: set_function_quality
// Store each function's quality with the inputs not kept elsewhere on the node.
UNWIND $rows AS row
MATCH (f:Function {id: row.id})
SET f.quality = row.quality, f.test_callers = row.test_callers,
    f.complexity = row.complexity, f.complexity_of = row.complexity_of

// name: set_function_signals
// Store every structural and quality signal of functions in one pass (a full
// recomputation: services/signals.py).
UNWIND $rows AS row
MATCH (f:Function {id: row.id})
SET f.pagerank = row.pagerank, f.callers = row.callers, f.callees = row.callees,
    f.quality = row.quality, f.test_callers = row.test_callers,
    f.complexity = row.complexity, f.complexity_of = row.complexity_of

// name: quality_module_inputs
// Every module of a repository with the inputs of its score.
// :param repo_id => 'requests'
MATCH (m:Module {repo_id: $repo_id})
RETURN m.id AS id, m.docstring AS docstring, m.loc AS loc, m.quality AS quality,
       m.function_quality AS function_quality

// name: quality_module_inputs_by_id
// Some modules with the inputs of their score and the stored quality of the
// functions they define, each marked test code or not.
// :param ids => ['requests:requests.api']
UNWIND $ids AS id
MATCH (m:Module {id: id})
OPTIONAL MATCH (m)-[:DEFINES*1..]->(f:Function)
RETURN m.id AS id, m.docstring AS docstring, m.loc AS loc, m.quality AS quality,
       m.function_quality AS function_quality,
       collect(CASE WHEN f IS NULL THEN null ELSE {quality: f.quality, is_test: f.is_test = true} END)
         AS functions

// name: set_module_quality
// Store each module's quality and the mean quality of its functions.
UNWIND $rows AS row
MATCH (m:Module {id: row.id})
SET m.quality = row.quality, m.function_quality = row.function_quality

// name: quality_repository_inputs
// One repository's signals (written by ingest) and its stored quality.
// :param id => 'requests'
MATCH (r:Repository {id: $id})
RETURN r.id AS id, r.license AS license, r.has_tests AS has_tests, r.has_docs AS has_docs,
       r.last_commit_date AS last_commit_date, r.indexed_at AS indexed_at, r.quality AS quality

// name: set_repository_quality
// Store one repository's quality.
// :param id => 'requests'
// :param quality => 0.75
MATCH (r:Repository {id: $id})
SET r.quality = $quality

// name: explain_function
// One function's score inputs, as `graph-rag explain` shows them.
// :param id => 'requests:requests.api.get'
MATCH (f:Function {id: $id})
RETURN f.id AS id, f.qualname AS qualname, f.repo_id AS repo_id, f.path AS path,
       f.lineno AS lineno, f.docstring AS docstring, f.has_type_hints AS has_type_hints,
       f.loc AS loc, f.pagerank AS pagerank, f.complexity AS complexity,
       f.test_callers AS test_callers, f.is_test AS is_test, f.quality AS quality

// name: explain_module
// One module's score inputs, as `graph-rag explain` shows them.
// :param id => 'requests:requests.api'
MATCH (m:Module {id: $id})
RETURN m.id AS id, m.qualname AS qualname, m.repo_id AS repo_id, m.path AS path,
       m.docstring AS docstring, m.loc AS loc, m.function_quality AS function_quality,
       m.quality AS quality
