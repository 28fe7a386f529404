// Edges the store derives where code crosses a repository (graph_rag/store/derived.py).
// The parser reads one repository, so it cannot know what a class of another one runs
// when called (its __init__) or what a method overrides in a base another repository
// defines. Such edges carry `derived: true`; each write recomputes them from the graph.

// name: classes_with_foreign_bases
// Classes with a direct base that another repository defines.
MATCH (c:Class)-[:INHERITS]->(b:Class)
WHERE b.repo_id <> c.repo_id
RETURN DISTINCT c.id AS id
ORDER BY id

// name: direct_subclasses
// The classes that name one of these as a base (one level: the caller walks down).
// :param ids => ['flask:flask.wrappers.Request']
UNWIND $ids AS id
MATCH (c:Class {id: id})<-[:INHERITS]-(d:Class)
RETURN DISTINCT d.id AS id
ORDER BY id

// name: class_calls_crossing_repositories
// CALLS edges into a class of another repository than the caller's, or into one of
// these classes (whose ancestry crosses one): each runs the class's __init__ too.
// :param ids => ['flask:flask.wrappers.Request']
MATCH (src)-[r:CALLS]->(k:Class)
WHERE src.repo_id <> k.repo_id OR k.id IN $ids
RETURN src.id AS src, labels(src)[0] AS label, src.repo_id AS repo_id, k.id AS class,
       r.lineno AS lineno, r.lines AS lines, r.count AS count, r.confidence AS confidence
ORDER BY src, class

// name: class_bases_by_id
// The direct bases of these classes, in order: a Class, or an External stand-in for a
// base nobody ingested.
// :param ids => ['flask:flask.wrappers.Request']
UNWIND $ids AS id
MATCH (c:Class {id: id})-[r:INHERITS]->(b)
RETURN c.id AS class_id, b.id AS base, labels(b)[0] AS label
ORDER BY class_id, r.position

// name: class_methods_by_id
// The methods these classes define, each with whether the parser linked it to a method
// it overrides (an OVERRIDES edge the store did not derive).
// :param ids => ['flask:flask.wrappers.Request']
UNWIND $ids AS id
MATCH (c:Class {id: id})-[:DEFINES]->(m:Function)
RETURN c.id AS class_id, m.id AS id, m.name AS name,
       EXISTS { MATCH (m)-[o:OVERRIDES]->() WHERE o.derived IS NULL } AS overrides
ORDER BY class_id, id

// name: derived_calls
// The CALLS edges the store derived: each into an __init__.
// :param init => '__init__'
MATCH (src)-[r:CALLS]->(f:Function {name: $init})
WHERE r.derived = true
RETURN src.id AS src, f.id AS dst

// name: derived_overrides
// The OVERRIDES edges the store derived.
MATCH (m:Function)-[r:OVERRIDES]->(f:Function)
WHERE r.derived = true
RETURN m.id AS src, f.id AS dst

// name: create_derived_calls_function
// A derived CALLS edge from a function, with the lines of its call of the class; none
// where the function calls that __init__ itself.
UNWIND $rows AS row
MATCH (a:Function {id: row.src})
MATCH (b:Function {id: row.dst})
WHERE NOT EXISTS { MATCH (a)-[:CALLS]->(b) }
CREATE (a)-[c:CALLS]->(b)
SET c.lineno = row.lineno, c.lines = row.lines, c.count = row.count,
    c.confidence = row.confidence, c.derived = true

// name: create_derived_calls_module
// A derived CALLS edge from a module's top-level code, as for a function.
UNWIND $rows AS row
MATCH (a:Module {id: row.src})
MATCH (b:Function {id: row.dst})
WHERE NOT EXISTS { MATCH (a)-[:CALLS]->(b) }
CREATE (a)-[c:CALLS]->(b)
SET c.lineno = row.lineno, c.lines = row.lines, c.count = row.count,
    c.confidence = row.confidence, c.derived = true

// name: create_derived_overrides
// A derived OVERRIDES edge; none where the method has one already.
UNWIND $rows AS row
MATCH (a:Function {id: row.src})
MATCH (b:Function {id: row.dst})
WHERE NOT EXISTS { MATCH (a)-[:OVERRIDES]->() }
CREATE (a)-[:OVERRIDES {derived: true}]->(b)

// name: delete_derived_calls
// Derived CALLS edges that no longer follow from the graph.
UNWIND $rows AS row
MATCH (b:Function {id: row.dst})<-[r:CALLS]-(a)
WHERE a.id = row.src AND r.derived = true
DELETE r

// name: delete_derived_overrides
// Derived OVERRIDES edges that no longer follow from the graph.
UNWIND $rows AS row
MATCH (b:Function {id: row.dst})<-[r:OVERRIDES]-(a:Function {id: row.src})
WHERE r.derived = true
DELETE r
