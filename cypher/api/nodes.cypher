// Node look-ups of the GraphQL API and the MCP tools. Each takes a list ($ids or
// $names) and returns one row per node found, so a DataLoader batch is one
// round-trip; the caller puts rows back in key order. Labels are always given:
// ArcadeDB scans every type for a label-less MATCH.

// name: functions_by_id
// Functions by id (a DataLoader batch).
// :param ids => ['shop:shop.pricing.price']
UNWIND $ids AS key
MATCH (f:Function {id: key})
RETURN key, {label: 'Function', id: f.id, qualname: f.qualname, name: f.name, kind: f.kind,
       signature: f.signature, docstring: f.docstring, path: f.path, lineno: f.lineno,
       end_lineno: f.end_lineno, repo_id: f.repo_id, module_id: f.module_id,
       is_async: f.is_async, is_test: f.is_test, quality: f.quality} AS node

// name: functions_by_qualname
// Functions by qualified name, in every repository that defines one.
// :param names => ['shop.pricing.price']
UNWIND $names AS key
MATCH (f:Function {qualname: key})
RETURN key, {label: 'Function', id: f.id, qualname: f.qualname, name: f.name, kind: f.kind,
       signature: f.signature, docstring: f.docstring, path: f.path, lineno: f.lineno,
       end_lineno: f.end_lineno, repo_id: f.repo_id, module_id: f.module_id,
       is_async: f.is_async, is_test: f.is_test, quality: f.quality} AS node
ORDER BY node.id

// name: classes_by_id
// Classes by id (a DataLoader batch).
// :param ids => ['shop:shop.cart.Cart']
UNWIND $ids AS key
MATCH (c:Class {id: key})
RETURN key, {label: 'Class', id: c.id, qualname: c.qualname, name: c.name,
       docstring: c.docstring, path: c.path, lineno: c.lineno, end_lineno: c.end_lineno,
       repo_id: c.repo_id, module_id: c.module_id} AS node

// name: classes_by_qualname
// Classes by qualified name, in every repository that defines one.
// :param names => ['shop.cart.Cart']
UNWIND $names AS key
MATCH (c:Class {qualname: key})
RETURN key, {label: 'Class', id: c.id, qualname: c.qualname, name: c.name,
       docstring: c.docstring, path: c.path, lineno: c.lineno, end_lineno: c.end_lineno,
       repo_id: c.repo_id, module_id: c.module_id} AS node
ORDER BY node.id

// name: modules_by_id
// Modules by id (a DataLoader batch).
// :param ids => ['shop:shop.cart']
UNWIND $ids AS key
MATCH (m:Module {id: key})
RETURN key, {label: 'Module', id: m.id, qualname: m.qualname, name: m.name, path: m.path,
       docstring: m.docstring, loc: m.loc, is_test: m.is_test, is_package: m.is_package,
       repo_id: m.repo_id} AS node

// name: modules_by_qualname
// Modules by dotted name, in every repository that defines one.
// :param names => ['shop.cart']
UNWIND $names AS key
MATCH (m:Module {qualname: key})
RETURN key, {label: 'Module', id: m.id, qualname: m.qualname, name: m.name, path: m.path,
       docstring: m.docstring, loc: m.loc, is_test: m.is_test, is_package: m.is_package,
       repo_id: m.repo_id} AS node
ORDER BY node.id

// name: externals_by_id
// External symbols (outside what was ingested) by qualified name.
// :param ids => ['requests.get']
UNWIND $ids AS key
MATCH (e:External {id: key})
RETURN key, {label: 'External', id: e.id, qualname: e.qualname, name: e.name} AS node

// name: repositories_by_id
// Repositories by id (a DataLoader batch; a repository's id is its name).
// :param ids => ['shop']
UNWIND $ids AS key
MATCH (r:Repository {id: key})
RETURN key, {label: 'Repository', id: r.id, name: r.name, url: r.url, origin: r.origin,
       role: r.role, commit: r.commit, license: r.license, indexed_at: r.indexed_at,
       complete: r.complete} AS node

// name: repositories
// Every repository, by name, bounded by $limit.
// :param limit => 100
MATCH (r:Repository)
RETURN r.id AS key, {label: 'Repository', id: r.id, name: r.name, url: r.url,
       origin: r.origin, role: r.role, commit: r.commit, license: r.license,
       indexed_at: r.indexed_at, complete: r.complete} AS node
ORDER BY key
LIMIT $limit

// name: repository_stats
// How many modules, classes, functions and outgoing calls each repository holds: the
// CALLS edges of its functions' code and of module-level code (a module's own CALLS,
// class bodies and decorators included), as ingest counts what it wrote.
// :param ids => ['shop']
UNWIND $ids AS key
MATCH (r:Repository {id: key})
RETURN key,
       COUNT { (r)-[:CONTAINS]->(:Module) } AS modules,
       COUNT { (r)-[:CONTAINS]->(:Module)-[:DEFINES*1..]->(:Class) } AS classes,
       COUNT { (r)-[:CONTAINS]->(:Module)-[:DEFINES*1..]->(:Function) } AS functions,
       COUNT { (r)-[:CONTAINS]->(:Module)-[:DEFINES*1..]->(:Function)-[:CALLS]->() }
         + COUNT { (r)-[:CONTAINS]->(:Module)-[:CALLS]->() } AS calls
