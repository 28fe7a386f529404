// One hop of the graph for many nodes at once: each query takes $ids and returns
// one row per id that has neighbours, (key, nodes), with nodes ordered by qualified
// name and cut at $limit, so a DataLoader batch (or one BFS level) is one round-trip.
// Every pattern starts at the node looked up by id (written right to left where the
// edge points at it): ArcadeDB plans `(t:Function)-[:CALLS]->(:Function {id: key})`
// as a scan of every Function (1 to 2.6 s on requests + flask + Django), against
// 20 ms for the same pattern anchored on the id.

// name: function_callers
// Functions that call each function directly, by qualified name (one BFS level
// of callers(depth) and impact(depth)); at most $limit per function; no test
// code where $exclude_tests.
// :param ids => ['shop:shop.pricing.price']
// :param limit => 20
// :param exclude_tests => false
UNWIND $ids AS key
MATCH (:Function {id: key})<-[:CALLS]-(t:Function)
WHERE NOT ($exclude_tests AND coalesce(t.is_test, false))
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: function_callees
// What each function calls directly (functions, classes, external symbols), by
// qualified name; at most $limit per function (one BFS level of callees(depth));
// no test code where $exclude_tests.
// :param ids => ['shop:shop.cart.Cart.add']
// :param limit => 20
// :param exclude_tests => false
UNWIND $ids AS key
MATCH (:Function {id: key})-[:CALLS]->(t)
WHERE NOT ($exclude_tests AND coalesce(t.is_test, false))
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: function_overrides
// The methods each method overrides.
// :param ids => ['shop:shop.cart.Cart.total']
// :param limit => 20
UNWIND $ids AS key
MATCH (:Function {id: key})-[:OVERRIDES]->(t:Function)
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: function_overridden_by
// The methods that override each method.
// :param ids => ['shop:shop.cart.Cart.total']
// :param limit => 20
UNWIND $ids AS key
MATCH (:Function {id: key})<-[:OVERRIDES]-(t:Function)
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: function_class
// The class that defines each method (none for a plain function).
// :param ids => ['shop:shop.cart.Cart.add']
// :param limit => 20
UNWIND $ids AS key
MATCH (:Function {id: key})<-[:DEFINES]-(t:Class)
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: class_methods
// The functions each class defines.
// :param ids => ['shop:shop.cart.Cart']
// :param limit => 20
UNWIND $ids AS key
MATCH (:Class {id: key})-[:DEFINES]->(t:Function)
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: class_subclasses
// Classes that inherit from each class directly (one BFS level of subclasses(depth)).
// :param ids => ['shop:shop.cart.Cart']
// :param limit => 20
UNWIND $ids AS key
MATCH (:Class {id: key})<-[:INHERITS]-(t:Class)
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: module_imports
// What each module imports (ingested modules and external symbols).
// :param ids => ['shop:shop.cart']
// :param limit => 20
UNWIND $ids AS key
MATCH (:Module {id: key})-[:IMPORTS]->(t)
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: module_imported_by
// Modules that import each module.
// :param ids => ['shop:shop.pricing']
// :param limit => 20
UNWIND $ids AS key
MATCH (:Module {id: key})<-[:IMPORTS]-(t:Module)
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: module_classes
// Classes each module defines at its top level.
// :param ids => ['shop:shop.cart']
// :param limit => 20
UNWIND $ids AS key
MATCH (:Module {id: key})-[:DEFINES]->(t:Class)
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: module_functions
// Functions each module defines at its top level.
// :param ids => ['shop:shop.pricing']
// :param limit => 20
UNWIND $ids AS key
MATCH (:Module {id: key})-[:DEFINES]->(t:Function)
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: repository_modules
// Modules of each repository, by dotted name.
// :param ids => ['shop']
// :param limit => 20
UNWIND $ids AS key
MATCH (:Repository {id: key})-[:CONTAINS]->(t:Module)
WITH DISTINCT key, t
ORDER BY t.qualname, t.id
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes[..$limit] AS nodes

// name: class_bases
// The bases of each class in declaration order (ingested classes and external symbols).
// :param ids => ['shop:shop.cart.Cart']
UNWIND $ids AS key
MATCH (:Class {id: key})-[r:INHERITS]->(t)
WITH key, r, t
ORDER BY r.position
WITH key, collect({label: labels(t)[0], id: t.id, qualname: t.qualname, name: t.name, kind: t.kind,
       signature: t.signature, docstring: t.docstring, path: t.path, lineno: t.lineno,
       end_lineno: t.end_lineno, repo_id: t.repo_id, module_id: t.module_id,
       is_async: t.is_async, is_test: t.is_test, quality: t.quality, loc: t.loc,
       is_package: t.is_package}) AS nodes
RETURN key, nodes
