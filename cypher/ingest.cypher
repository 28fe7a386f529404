// Writes of `graph-rag ingest`. Every node carries repo_id and module_id (a
// module's module_id is its own id) so a file's subgraph can be found, replaced
// and pruned without scanning other files. Rows arrive in fixed-size batches.

// name: upsert_repository
// Create or update one Repository node.
// :param id => 'requests'
MERGE (r:Repository {id: $id})
SET r += $props

// name: repository_modules
// Every module of a repository with the content hash it was ingested at.
// :param repo_id => 'requests'
MATCH (:Repository {id: $repo_id})-[:CONTAINS]->(m:Module)
RETURN m.id AS id, m.path AS path, m.sha256 AS sha256

// name: repository_flow
// Every module's flow facts (JSON; null where ingested before they were stored), for a
// re-ingest to join the changed files' facts with the unchanged ones'.
// :param repo_id => 'requests'
MATCH (:Repository {id: $repo_id})-[:CONTAINS]->(m:Module)
RETURN m.path AS path, m.qualname AS qualname, m.flow AS flow

// name: repository_symbols
// Ids of every class and function of a repository (to resolve call targets).
// :param repo_id => 'requests'
MATCH (:Repository {id: $repo_id})-[:CONTAINS]->(:Module)-[:DEFINES*1..]->(n)
RETURN n.id AS id, labels(n)[0] AS label

// name: module_symbols
// Ids of every class and function some modules define (the files a re-ingest
// rewrites: the writer must know which of their ids exist already).
// :param module_ids => ['requests:requests.api']
UNWIND $module_ids AS mid
MATCH (:Module {id: mid})-[:DEFINES*1..]->(n)
RETURN n.id AS id, labels(n)[0] AS label

// name: upsert_modules
// Modules already in the graph (re-ingest of a changed file): update in place.
UNWIND $rows AS row
MERGE (m:Module {id: row.id})
SET m += row

// name: create_modules
// Modules new to the graph, each linked from its Repository. CREATE, not MERGE:
// MERGE of the CONTAINS edge scans all of the repository's edges (quadratic).
MATCH (repo:Repository {id: $repo_id})
UNWIND $rows AS row
CREATE (m:Module)
SET m = row
CREATE (repo)-[:CONTAINS]->(m)

// name: upsert_classes
// Classes already in the graph, by id; their DEFINES edges come from define_* below.
UNWIND $rows AS row
MERGE (c:Class {id: row.id})
SET c += row

// name: create_classes
// Classes new to the graph (the writer knows every id there): CREATE, measured
// ~1.6x faster than MERGE on the local server; the unique constraint still guards.
UNWIND $rows AS row
CREATE (c:Class)
SET c = row

// name: upsert_functions
// Functions and methods already in the graph, by id (embeddings are written by
// the embed stage and kept: SET += leaves other properties alone).
UNWIND $rows AS row
MERGE (f:Function {id: row.id})
SET f += row

// name: create_functions
// Functions and methods new to the graph.
UNWIND $rows AS row
CREATE (f:Function)
SET f = row

// name: define_module_class
// DEFINES edges from a Module to the classes it defines (new children only: an
// existing child keeps its edge, since its id names its parent).
UNWIND $rows AS row
MATCH (p:Module {id: row.src})
MATCH (c:Class {id: row.dst})
CREATE (p)-[:DEFINES]->(c)

// name: define_module_function
// DEFINES edges from a Module to the functions it defines.
UNWIND $rows AS row
MATCH (p:Module {id: row.src})
MATCH (c:Function {id: row.dst})
CREATE (p)-[:DEFINES]->(c)

// name: define_class_class
// DEFINES edges from a Class to the classes it defines.
UNWIND $rows AS row
MATCH (p:Class {id: row.src})
MATCH (c:Class {id: row.dst})
CREATE (p)-[:DEFINES]->(c)

// name: define_class_function
// DEFINES edges from a Class to the functions it defines.
UNWIND $rows AS row
MATCH (p:Class {id: row.src})
MATCH (c:Function {id: row.dst})
CREATE (p)-[:DEFINES]->(c)

// name: define_function_class
// DEFINES edges from a Function to the classes it defines.
UNWIND $rows AS row
MATCH (p:Function {id: row.src})
MATCH (c:Class {id: row.dst})
CREATE (p)-[:DEFINES]->(c)

// name: define_function_function
// DEFINES edges from a Function to the functions it defines.
UNWIND $rows AS row
MATCH (p:Function {id: row.src})
MATCH (c:Function {id: row.dst})
CREATE (p)-[:DEFINES]->(c)

// name: stale_definitions
// Classes and functions of re-ingested modules that the new version no longer defines.
// :param module_ids => ['requests:requests.api']
// :param keep => ['requests:requests.api.get']
MATCH (m:Module)-[:DEFINES*1..]->(n)
WHERE m.id IN $module_ids AND NOT n.id IN $keep
RETURN n.id AS id, n.qualname AS qualname

// name: dependent_modules
// A repository's other modules with CALLS / INHERITS / OVERRIDES edges into the
// definitions of these modules: what inference found through them may change with them
// (besides modules_reading: an edge a module written before it was read is found here).
// :param repo_id => 'requests'
// :param module_ids => ['requests:requests.api']
MATCH (m:Module)-[:DEFINES*1..]->(t)<-[:CALLS|INHERITS|OVERRIDES]-(src)
WHERE m.id IN $module_ids AND src.repo_id = $repo_id AND NOT src.module_id IN $module_ids
RETURN DISTINCT src.module_id AS id

// name: modules_reading
// A repository's other modules whose parse looked up one of these module names (found
// or not: a module added since was looked for), and those stored before lookups were
// recorded: inference may have found their edges through them (Module.reads).
// :param repo_id => 'requests'
// :param module_ids => ['requests:requests.api']
// :param names => ['requests.api']
MATCH (m:Module {repo_id: $repo_id})
WHERE NOT m.id IN $module_ids
  AND (m.reads IS NULL OR any(name IN m.reads WHERE name IN $names))
RETURN m.id AS id

// name: orphan_incoming_calls
// Before definitions are deleted, point the CALLS edges other files have into them
// at External stand-ins, so those files keep their edges: one per name the caller wrote
// for the target (``written``: ``lib.get`` for ``lib.http.api.get``), with that name's
// lines, else one named by the target's qualified name. A derived edge
// (cypher/derived.cypher) goes with the definition: the next recomputation finds where
// it leads now.
// :param module_ids => ['requests:requests.api']
// :param ids => ['requests:requests.api.old']
MATCH (m:Module)-[:DEFINES*1..]->(t)<-[r:CALLS]-(src)
WHERE m.id IN $module_ids AND t.id IN $ids AND NOT src.module_id IN $module_ids AND r.derived IS NULL
WITH r, src, CASE WHEN r.written IS NULL THEN [t.qualname] ELSE r.written END AS entries
UNWIND entries AS entry
WITH r, src, split(entry, '|') AS parts
MERGE (e:External {id: parts[0]})
ON CREATE SET e.qualname = parts[0], e.name = last(split(parts[0], '.'))
CREATE (src)-[c:CALLS]->(e)
SET c = properties(r), c.written = null
SET c.lines = CASE WHEN size(parts) > 1 THEN [x IN split(parts[1], ',') | toInteger(x)] ELSE r.lines END,
    c.count = CASE WHEN size(parts) > 1 THEN toInteger(parts[2]) ELSE r.count END,
    c.confidence = CASE WHEN size(parts) > 1 THEN parts[3] ELSE r.confidence END
SET c.lineno = c.lines[0]
WITH DISTINCT r
DELETE r

// name: orphan_incoming_inherits
// Before definitions are deleted, point the INHERITS edges other files have into them
// at External stand-ins, so those files keep their edges: named as the subclass wrote
// its base (``written``), else by the base's qualified name.
// :param module_ids => ['requests:requests.api']
// :param ids => ['requests:requests.api.old']
MATCH (m:Module)-[:DEFINES*1..]->(t)<-[r:INHERITS]-(src)
WHERE m.id IN $module_ids AND t.id IN $ids AND NOT src.module_id IN $module_ids
WITH t, r, src, coalesce(r.written[0], t.qualname) AS name
MERGE (e:External {id: name})
ON CREATE SET e.qualname = name, e.name = last(split(name, '.'))
CREATE (src)-[c:INHERITS]->(e)
SET c = properties(r), c.written = null
DELETE r

// name: orphan_incoming_imports
// Before modules are deleted, point the IMPORTS edges other modules have into them at
// External stand-ins of the same qualified name, so those modules keep their edges (as
// a first ingest gives them while the file is gone or does not parse).
// :param module_ids => ['requests:requests.api']
MATCH (m:Module)<-[r:IMPORTS]-(src:Module)
WHERE m.id IN $module_ids AND NOT src.id IN $module_ids
MERGE (e:External {id: m.qualname})
ON CREATE SET e.qualname = m.qualname, e.name = m.name
CREATE (src)-[c:IMPORTS]->(e)
SET c = properties(r)
DELETE r

// name: delete_definitions
// Delete classes and functions of some modules by id, with their relationships.
// :param module_ids => ['requests:requests.api']
// :param ids => ['requests:requests.api.old']
MATCH (m:Module)-[:DEFINES*1..]->(n)
WHERE m.id IN $module_ids AND n.id IN $ids
DETACH DELETE n

// name: delete_outgoing_edges
// Remove the CALLS / IMPORTS / INHERITS / OVERRIDES edges of modules about to be rewritten.
// :param module_ids => ['requests:requests.api']
MATCH (m:Module)-[:DEFINES*0..]->(n)-[r]->()
WHERE m.id IN $module_ids AND type(r) IN ['CALLS', 'IMPORTS', 'INHERITS', 'OVERRIDES']
DELETE r

// name: delete_modules
// Delete whole modules (files that disappeared) with everything they define.
// :param module_ids => ['requests:requests.old']
MATCH (m:Module)-[:DEFINES*0..]->(n)
WHERE m.id IN $module_ids
DETACH DELETE n

// name: merge_externals
// External symbols (stdlib, third-party, not yet ingested code), by qualified name.
UNWIND $rows AS row
MERGE (e:External {id: row.id})
ON CREATE SET e.qualname = row.id, e.name = row.name

// name: resolve_functions
// Functions some ingested repository defines under these qualified names.
// :param names => ['requests.api.get']
UNWIND $names AS name
MATCH (n:Function {qualname: name})
RETURN name, n.id AS id, n.repo_id AS repo_id

// name: resolve_classes
// Classes some ingested repository defines under these qualified names.
// :param names => ['requests.sessions.Session']
UNWIND $names AS name
MATCH (n:Class {qualname: name})
RETURN name, n.id AS id, n.repo_id AS repo_id

// name: resolve_modules
// Modules some ingested repository defines under these dotted names.
// :param names => ['requests.api']
UNWIND $names AS name
MATCH (n:Module {qualname: name})
RETURN name, n.id AS id, n.repo_id AS repo_id

// name: relink_calls_to_function
// CALLS edges into External stand-ins that name functions just written (cross-repo
// linking, in either order of ingestion): point them at the definition. A stand-in is
// named as the caller wrote it, the definition's name or one the library exports.
// :param pairs => [{external: 'requests.get', qualname: 'requests.api.get'}]
UNWIND $pairs AS pair
MATCH (e:External {id: pair.external})<-[r:CALLS]-(src)
// The names the caller wrote, each with its calls' lines, where one is not the target's
// own (store/writer._written, store/rows.written_entry).
WITH pair, e, r, src, CASE WHEN pair.external = pair.qualname THEN r.written
  ELSE coalesce(r.written, [pair.external + '|' + reduce(s = '', x IN r.lines | s + CASE WHEN s = '' THEN '' ELSE ',' END + toString(x)) + '|' + toString(r.count) + '|' + r.confidence]) END AS written
MATCH (n:Function {qualname: pair.qualname})
WITH e, r, src, written, n
ORDER BY CASE WHEN n.repo_id = src.repo_id THEN 0 ELSE 1 END, n.id
WITH e, r, src, written, collect(n)[0] AS target
// A caller that wrote two names of one definition gets one edge: its lines merged in
// order, and both names (sorted), or none where both named the target itself. An edge
// the store derived (a class call's __init__) becomes the caller's own call instead, as
// when the caller's edge was there first and none was derived.
MERGE (src)-[c:CALLS]->(target)
ON CREATE SET c = properties(r), c.written = written
ON MATCH SET
  c.written = CASE WHEN c.derived OR (c.written IS NULL AND written IS NULL) THEN written ELSE reduce(names = [], n IN coalesce(c.written, [target.qualname + '|' + reduce(s = '', x IN c.lines | s + CASE WHEN s = '' THEN '' ELSE ',' END + toString(x)) + '|' + toString(c.count) + '|' + c.confidence])
        + coalesce(written, [target.qualname + '|' + reduce(s = '', x IN r.lines | s + CASE WHEN s = '' THEN '' ELSE ',' END + toString(x)) + '|' + toString(r.count) + '|' + r.confidence]) |
      CASE WHEN n IN names THEN names ELSE [x IN names WHERE x < n] + [n] + [x IN names WHERE x > n] END) END,
  c.lines = CASE WHEN c.derived THEN r.lines ELSE [x IN range(
      CASE WHEN r.lineno < c.lineno THEN r.lineno ELSE c.lineno END,
      CASE WHEN r.lines[-1] > c.lines[-1] THEN r.lines[-1] ELSE c.lines[-1] END
    ) WHERE x IN c.lines OR x IN r.lines] END,
  c.lineno = CASE WHEN c.derived OR r.lineno < c.lineno THEN r.lineno ELSE c.lineno END,
  c.count = CASE WHEN c.derived THEN r.count ELSE c.count + r.count END,
  c.confidence = CASE WHEN c.derived OR r.confidence = 'inferred' THEN r.confidence ELSE c.confidence END,
  c.derived = null
DELETE r

// name: relink_calls_to_class
// CALLS edges into External stand-ins that name classes just written (cross-repo
// linking, in either order of ingestion): point them at the definition. A stand-in is
// named as the caller wrote it, the definition's name or one the library exports.
// :param pairs => [{external: 'fastapi.APIRouter', qualname: 'fastapi.routing.APIRouter'}]
UNWIND $pairs AS pair
MATCH (e:External {id: pair.external})<-[r:CALLS]-(src)
// The names the caller wrote, each with its calls' lines, where one is not the target's
// own (store/writer._written, store/rows.written_entry).
WITH pair, e, r, src, CASE WHEN pair.external = pair.qualname THEN r.written
  ELSE coalesce(r.written, [pair.external + '|' + reduce(s = '', x IN r.lines | s + CASE WHEN s = '' THEN '' ELSE ',' END + toString(x)) + '|' + toString(r.count) + '|' + r.confidence]) END AS written
MATCH (n:Class {qualname: pair.qualname})
WITH e, r, src, written, n
ORDER BY CASE WHEN n.repo_id = src.repo_id THEN 0 ELSE 1 END, n.id
WITH e, r, src, written, collect(n)[0] AS target
// A caller that wrote two names of one definition gets one edge: its lines merged in
// order, and both names (sorted), or none where both named the target itself.
MERGE (src)-[c:CALLS]->(target)
ON CREATE SET c = properties(r), c.written = written
ON MATCH SET
  c.written = CASE WHEN c.written IS NULL AND written IS NULL THEN null ELSE reduce(names = [], n IN coalesce(c.written, [target.qualname + '|' + reduce(s = '', x IN c.lines | s + CASE WHEN s = '' THEN '' ELSE ',' END + toString(x)) + '|' + toString(c.count) + '|' + c.confidence])
        + coalesce(written, [target.qualname + '|' + reduce(s = '', x IN r.lines | s + CASE WHEN s = '' THEN '' ELSE ',' END + toString(x)) + '|' + toString(r.count) + '|' + r.confidence]) |
      CASE WHEN n IN names THEN names ELSE [x IN names WHERE x < n] + [n] + [x IN names WHERE x > n] END) END,
  c.lines = [x IN range(
      CASE WHEN r.lineno < c.lineno THEN r.lineno ELSE c.lineno END,
      CASE WHEN r.lines[-1] > c.lines[-1] THEN r.lines[-1] ELSE c.lines[-1] END
    ) WHERE x IN c.lines OR x IN r.lines],
  c.lineno = CASE WHEN r.lineno < c.lineno THEN r.lineno ELSE c.lineno END,
  c.count = c.count + r.count,
  c.confidence = CASE WHEN r.confidence = 'inferred' THEN 'inferred' ELSE c.confidence END
DELETE r

// name: relink_inherits_to_class
// INHERITS edges into External stand-ins that name classes just written (cross-repo
// linking, in either order of ingestion): point them at the definition. A stand-in is
// named as the caller wrote it, the definition's name or one the library exports.
// :param pairs => [{external: 'fastapi.APIRouter', qualname: 'fastapi.routing.APIRouter'}]
UNWIND $pairs AS pair
MATCH (e:External {id: pair.external})<-[r:INHERITS]-(src)
// The names the caller wrote, where one is not the target's own (store/writer._written).
WITH pair, e, r, src, CASE WHEN pair.external = pair.qualname THEN r.written
                           ELSE coalesce(r.written, [pair.external]) END AS written
MATCH (n:Class {qualname: pair.qualname})
WITH e, r, src, written, n
ORDER BY CASE WHEN n.repo_id = src.repo_id THEN 0 ELSE 1 END, n.id
WITH e, r, src, written, collect(n)[0] AS target
CREATE (src)-[c:INHERITS]->(target)
SET c = properties(r), c.written = written
DELETE r

// name: relink_imports_to_module
// IMPORTS edges into External stand-ins that name modules just written (cross-repo
// linking, in either order of ingestion): point them at the definition. A stand-in is
// named as the caller wrote it, the definition's name or one the library exports.
// :param pairs => [{external: 'requests.api', qualname: 'requests.api'}]
UNWIND $pairs AS pair
MATCH (e:External {id: pair.external})<-[r:IMPORTS]-(src)
MATCH (n:Module {qualname: pair.qualname})
WITH e, r, src, n
ORDER BY CASE WHEN n.repo_id = src.repo_id THEN 0 ELSE 1 END, n.id
WITH e, r, src, collect(n)[0] AS target
CREATE (src)-[c:IMPORTS]->(target)
SET c = properties(r)
DELETE r

// name: relink_calls_to_external
// CALLS edges into External stand-ins named by a member a class inherits from a base
// nobody ingested (``fastapi.APIRouter.url_path_for``): point them at the stand-in
// named by that base (``starlette.routing.Router.url_path_for``), which links once
// the base's repository is ingested.
// :param pairs => [{external: 'fastapi.APIRouter.url_path_for', qualname: 'starlette.routing.Router.url_path_for', name: 'url_path_for'}]
UNWIND $pairs AS pair
MATCH (e:External {id: pair.external})<-[r:CALLS]-(src)
// The names the caller wrote, each with its calls' lines, where one is not the target's
// own (store/writer._written, store/rows.written_entry).
WITH pair, e, r, src, CASE WHEN pair.external = pair.qualname THEN r.written
  ELSE coalesce(r.written, [pair.external + '|' + reduce(s = '', x IN r.lines | s + CASE WHEN s = '' THEN '' ELSE ',' END + toString(x)) + '|' + toString(r.count) + '|' + r.confidence]) END AS written
MERGE (target:External {id: pair.qualname})
ON CREATE SET target.qualname = pair.qualname, target.name = pair.name
// A caller that wrote two names of one definition gets one edge: its lines merged in
// order, and both names (sorted), or none where both named the target itself.
MERGE (src)-[c:CALLS]->(target)
ON CREATE SET c = properties(r), c.written = written
ON MATCH SET
  c.written = CASE WHEN c.written IS NULL AND written IS NULL THEN null ELSE reduce(names = [], n IN coalesce(c.written, [target.qualname + '|' + reduce(s = '', x IN c.lines | s + CASE WHEN s = '' THEN '' ELSE ',' END + toString(x)) + '|' + toString(c.count) + '|' + c.confidence])
        + coalesce(written, [target.qualname + '|' + reduce(s = '', x IN r.lines | s + CASE WHEN s = '' THEN '' ELSE ',' END + toString(x)) + '|' + toString(r.count) + '|' + r.confidence]) |
      CASE WHEN n IN names THEN names ELSE [x IN names WHERE x < n] + [n] + [x IN names WHERE x > n] END) END,
  c.lines = [x IN range(
      CASE WHEN r.lineno < c.lineno THEN r.lineno ELSE c.lineno END,
      CASE WHEN r.lines[-1] > c.lines[-1] THEN r.lines[-1] ELSE c.lines[-1] END
    ) WHERE x IN c.lines OR x IN r.lines],
  c.lineno = CASE WHEN r.lineno < c.lineno THEN r.lineno ELSE c.lineno END,
  c.count = c.count + r.count,
  c.confidence = CASE WHEN r.confidence = 'inferred' THEN 'inferred' ELSE c.confidence END
DELETE r

// name: externals_under
// External stand-ins named under these dotted prefixes: what a repository just
// written may define under another name (``requests.get`` is ``requests.api.get``).
// :param prefixes => ['requests.']
UNWIND $prefixes AS prefix
MATCH (e:External)
WHERE e.id STARTS WITH prefix
RETURN DISTINCT e.id AS id
ORDER BY id

// name: modules_exporting_into
// Modules that export something under these prefixes ('django.'): a stand-in named under
// one of them (``allauth.tests.TestCase``, ``from django.test import TestCase`` there)
// may lead into the repository just written.
// :param prefixes => ['django.']
UNWIND $prefixes AS prefix
MATCH (m:Module)
WHERE m.exports CONTAINS ('"' + prefix)
RETURN DISTINCT m.qualname AS name
ORDER BY name

// name: module_exports
// What modules of these dotted names bind by import (JSON: name -> qualified names):
// the names code calls a library by, followed to its definitions (store/aliases.py).
// :param names => ['requests']
UNWIND $names AS name
MATCH (m:Module {qualname: name})
RETURN name, m.exports AS exports
ORDER BY m.id

// name: class_bases
// The direct bases of the classes of these qualified names, in order, with the label
// of each (a Class, or an External stand-in for a base nobody ingested).
// :param names => ['fastapi.routing.APIRouter']
UNWIND $names AS name
MATCH (c:Class {qualname: name})-[r:INHERITS]->(b)
RETURN name, c.id AS class_id, b.qualname AS base, labels(b)[0] AS label
ORDER BY class_id, r.position

// name: delete_unused_externals
// External stand-ins nothing points at any more.
MATCH (e:External)
WHERE NOT (e)<--()
DELETE e

// name: repository_state
// A repository's ingest state: the commit indexed, whether the last run completed,
// and what the incremental structure rule needs (services/structure.py).
// :param id => 'requests'
MATCH (r:Repository {id: $id})
RETURN r.commit AS commit, r.complete AS complete, r.indexed_at AS indexed_at,
       r.modules AS modules, r.classes AS classes, r.functions AS functions,
       r.pagerank_drift AS pagerank_drift, r.pagerank_base AS pagerank_base,
       r.unparsable_files AS unparsable_files, r.source AS source, r.removing AS removing

// name: repository_counts
// How many modules, classes and functions one repository holds.
// :param id => 'requests'
MATCH (r:Repository {id: $id})
RETURN COUNT { (r)-[:CONTAINS]->(:Module) } AS modules,
       COUNT { (r)-[:CONTAINS]->(:Module)-[:DEFINES*1..]->(:Class) } AS classes,
       COUNT { (r)-[:CONTAINS]->(:Module)-[:DEFINES*1..]->(:Function) } AS functions

// name: finish_repository
// Mark a repository's ingest complete at a commit, with its figures.
// :param id => 'requests'
MATCH (r:Repository {id: $id})
SET r += $props

// name: create_calls_function_function
// CALLS edges from a Function to a Function, properties inline
// (measured ~2x faster than SET r = row.props on the local server).
UNWIND $rows AS row
MATCH (a:Function {id: row.src})
MATCH (b:Function {id: row.dst})
CREATE (a)-[:CALLS {lineno: row.lineno, lines: row.lines, count: row.count, confidence: row.confidence, written: row.written}]->(b)

// name: create_calls_function_class
// CALLS edges from a Function to a Class, properties inline.
UNWIND $rows AS row
MATCH (a:Function {id: row.src})
MATCH (b:Class {id: row.dst})
CREATE (a)-[:CALLS {lineno: row.lineno, lines: row.lines, count: row.count, confidence: row.confidence, written: row.written}]->(b)

// name: create_calls_function_external
// CALLS edges from a Function to an External, properties inline.
UNWIND $rows AS row
MATCH (a:Function {id: row.src})
MATCH (b:External {id: row.dst})
CREATE (a)-[:CALLS {lineno: row.lineno, lines: row.lines, count: row.count, confidence: row.confidence, written: row.written}]->(b)

// name: create_calls_module_function
// CALLS edges from a Module to a Function, properties inline.
UNWIND $rows AS row
MATCH (a:Module {id: row.src})
MATCH (b:Function {id: row.dst})
CREATE (a)-[:CALLS {lineno: row.lineno, lines: row.lines, count: row.count, confidence: row.confidence, written: row.written}]->(b)

// name: create_calls_module_class
// CALLS edges from a Module to a Class, properties inline.
UNWIND $rows AS row
MATCH (a:Module {id: row.src})
MATCH (b:Class {id: row.dst})
CREATE (a)-[:CALLS {lineno: row.lineno, lines: row.lines, count: row.count, confidence: row.confidence, written: row.written}]->(b)

// name: create_calls_module_external
// CALLS edges from a Module to an External, properties inline.
UNWIND $rows AS row
MATCH (a:Module {id: row.src})
MATCH (b:External {id: row.dst})
CREATE (a)-[:CALLS {lineno: row.lineno, lines: row.lines, count: row.count, confidence: row.confidence, written: row.written}]->(b)

// name: create_imports_module_module
// IMPORTS edges from a Module to a Module, properties inline.
UNWIND $rows AS row
MATCH (a:Module {id: row.src})
MATCH (b:Module {id: row.dst})
CREATE (a)-[:IMPORTS {lineno: row.lineno, names: row.names}]->(b)

// name: create_imports_module_external
// IMPORTS edges from a Module to an External, properties inline.
UNWIND $rows AS row
MATCH (a:Module {id: row.src})
MATCH (b:External {id: row.dst})
CREATE (a)-[:IMPORTS {lineno: row.lineno, names: row.names}]->(b)

// name: create_inherits_class_class
// INHERITS edges from a Class to a Class, properties inline.
UNWIND $rows AS row
MATCH (a:Class {id: row.src})
MATCH (b:Class {id: row.dst})
CREATE (a)-[:INHERITS {position: row.position, written: row.written}]->(b)

// name: create_inherits_class_external
// INHERITS edges from a Class to an External, properties inline.
UNWIND $rows AS row
MATCH (a:Class {id: row.src})
MATCH (b:External {id: row.dst})
CREATE (a)-[:INHERITS {position: row.position, written: row.written}]->(b)

// name: create_overrides_function_function
// OVERRIDES edges from a Function to a Function, properties inline.
UNWIND $rows AS row
MATCH (a:Function {id: row.src})
MATCH (b:Function {id: row.dst})
CREATE (a)-[:OVERRIDES]->(b)

// name: list_repositories
// Every ingested repository with its origin, commit, counts and state.
MATCH (r:Repository)
RETURN r.id AS id, r.name AS name, r.origin AS origin, r.role AS role, r.url AS url,
       r.commit AS commit, r.indexed_at AS indexed_at, r.complete AS complete,
       r.modules AS modules, r.classes AS classes, r.functions AS functions, r.license AS license
ORDER BY r.id

// name: repository_ids
// The ingested repositories' ids in order, at most $limit: an unknown name's error lists
// what there is.
// :param limit => 21
MATCH (r:Repository)
RETURN r.id AS id
ORDER BY id
LIMIT $limit

// name: unknown_repositories
// Which of $ids name no ingested repository (a filter's typo is an error, not "no results").
// :param ids => ['requests', 'nosuch']
UNWIND $ids AS id
OPTIONAL MATCH (r:Repository {id: id})
WITH id, r
WHERE r IS NULL
RETURN id
ORDER BY id

// name: remove_repository_modules
// Delete one repository's modules with everything they define (nothing of other repos).
// :param id => 'requests'
MATCH (:Repository {id: $id})-[:CONTAINS]->(m:Module)-[:DEFINES*0..]->(n)
DETACH DELETE n

// name: uncontained_modules
// Modules of a repository that no Repository CONTAINS: what an ingest before the fix
// for moved packages could leave behind. A removal deletes them too.
// :param repo_id => 'requests'
MATCH (m:Module {repo_id: $repo_id})
WHERE NOT ()-[:CONTAINS]->(m)
RETURN m.id AS id

// name: mark_removing
// A removal under way, before it deletes anything: the repository is incomplete, and
// keeps the qualified names of the modules it had, so a removal killed half-way is
// finished by the next `graph-rag remove` (which relinks around all of them).
// :param id => 'requests'
// :param modules => ['requests.api']
MATCH (r:Repository {id: $id})
SET r.complete = false, r.removing = $modules

// name: remove_repository_node
// Delete the Repository node itself (after its modules, and the relink around them).
// :param id => 'requests'
MATCH (r:Repository {id: $id})
DETACH DELETE r

// name: module_definition_counts
// How many classes and functions each of some modules defines (a re-ingest
// updates the repository's figures by the difference, without counting it all).
// :param module_ids => ['requests:requests.api']
UNWIND $module_ids AS mid
MATCH (m:Module {id: mid})
RETURN m.id AS id, COUNT { (m)-[:DEFINES*1..]->(:Class) } AS classes,
       COUNT { (m)-[:DEFINES*1..]->(:Function) } AS functions

// name: aliased_edges_under
// CALLS and INHERITS edges whose code named their target otherwise (``written``: an
// exported name, an inherited member) by a name under these prefixes: what a
// repository just written may now lead elsewhere.
// :param prefixes => ['lib.']
MATCH (src)-[r:CALLS|INHERITS]->(t)
WHERE r.written IS NOT NULL AND ANY(n IN r.written WHERE ANY(p IN $prefixes WHERE n STARTS WITH p))
RETURN src.id AS src, labels(src)[0] AS label, type(r) AS type, t.id AS dst, r.position AS position,
       labels(t)[0] AS target_label, coalesce(t.qualname, t.id) AS qualname, r.written AS written
ORDER BY src, dst

// name: unlink_calls_from_function
// Drop these CALLS edges: their names written lead elsewhere now, and stand-ins of the
// names (standin_calls_from_function) take their place until relink follows them.
UNWIND $rows AS row
MATCH (src:Function {id: row.src})-[r:CALLS]->(t)
WHERE t.id = row.dst
DELETE r

// name: unlink_calls_from_module
// As unlink_calls_from_function, for calls at module or class level.
UNWIND $rows AS row
MATCH (src:Module {id: row.src})-[r:CALLS]->(t)
WHERE t.id = row.dst
DELETE r

// name: standin_calls_from_function
// A CALLS edge to a stand-in of one name the code wrote, with that name's own lines,
// count and confidence (store/rows.written_entry), as a clean ingest writes it.
UNWIND $rows AS row
MATCH (src:Function {id: row.src})
MERGE (e:External {id: row.name})
ON CREATE SET e.qualname = row.name, e.name = row.short
CREATE (src)-[:CALLS {lineno: row.lineno, lines: row.lines, count: row.count, confidence: row.confidence}]->(e)

// name: standin_calls_from_module
// As standin_calls_from_function, for calls at module or class level.
UNWIND $rows AS row
MATCH (src:Module {id: row.src})
MERGE (e:External {id: row.name})
ON CREATE SET e.qualname = row.name, e.name = row.short
CREATE (src)-[:CALLS {lineno: row.lineno, lines: row.lines, count: row.count, confidence: row.confidence}]->(e)

// name: unlink_inherits_from_class
// As unlink_calls_from_function, for a base written by another name (by its position:
// two bases may name one class).
UNWIND $rows AS row
MATCH (src:Class {id: row.src})-[r:INHERITS]->(t)
WHERE t.id = row.dst AND r.position = row.position
DELETE r

// name: standin_inherits_from_class
// An INHERITS edge to a stand-in of the base's name as written, in the base's position.
UNWIND $rows AS row
MATCH (src:Class {id: row.src})
MERGE (e:External {id: row.name})
ON CREATE SET e.qualname = row.name, e.name = row.short
CREATE (src)-[:INHERITS {position: row.position}]->(e)
