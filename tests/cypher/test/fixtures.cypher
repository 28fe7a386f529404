// name: create_functions
// Functions with a search text and an embedding, for index tests.
UNWIND $rows AS r
CREATE (f:Function {id: r.id, qualname: r.id, search_text: r.text, embedding: r.vector})

// name: fail
// A write that always fails (division by zero), to prove a transaction rolls back.
RETURN 1 / 0 AS boom

// name: callees
// Ids of what one function or module calls.
MATCH (:Function {id: $id})-[:CALLS]->(t)
RETURN t.id AS callee

// name: forget_flow
// Modules as an ingest stored them before flow facts were kept with them.
MATCH (m:Module)
REMOVE m.flow

// name: forget_reads
// Modules as an ingest stored them before the modules each one read were kept.
MATCH (m:Module)
REMOVE m.reads

// name: modules_without_flow
// Modules stored without their flow facts (an ingest writes them with every module).
MATCH (m:Module)
WHERE m.flow IS NULL
RETURN m.id AS id

// name: uncontain_module
// A module no Repository CONTAINS, as an ingest before the fix for moved packages left one.
MATCH (:Repository)-[c:CONTAINS]->(:Module {id: $id})
DELETE c

// name: create_module
// One Module node with the inputs of its quality score.
CREATE (:Module {id: $id, repo_id: $repo_id, docstring: $docstring, loc: $loc,
                 quality: $quality, function_quality: $function_quality})

// name: module_quality
// A module's stored quality and the mean quality of its functions.
MATCH (m:Module {id: $id})
RETURN m.quality AS quality, m.function_quality AS function_quality

// name: fill_vectors
// Give every function of a repository a vector (as an embed run would).
MATCH (f:Function {repo_id: $repo_id})
SET f.embedding = $vector

// name: bases
// Ids of what one class inherits from (classes, or External stand-ins).
MATCH (:Class {id: $id})-[:INHERITS]->(t)
RETURN t.id AS base

// name: call_lines
// What one function calls, with the lines of each call.
MATCH (:Function {id: $id})-[r:CALLS]->(t)
RETURN t.id AS callee, r.lines AS lines

// name: imports
// Ids of what one module imports.
MATCH (:Module {id: $id})-[:IMPORTS]->(t)
RETURN t.id AS target

// name: rename_vectors
// One repository's vectors as another model of the same weights made them (its int8 twin).
MATCH (f:Function {repo_id: $repo_id})
WHERE f.embedded_model IS NOT NULL
SET f.embedded_model = $model

// name: interrupt_repository
// A repository as an ingest killed half-way leaves it: incomplete, no figures stored yet.
// :param id => 'shop'
MATCH (r:Repository {id: $id})
SET r.complete = false
REMOVE r.modules, r.classes, r.functions
