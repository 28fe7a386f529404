// Multi-hop questions of the API: call paths, usages, similar functions.

// name: call_path
// The shortest chain of calls from one function to another (at most 10 hops; the
// API refuses a longer $max_hops and drops a path longer than the one asked for).
// Two different functions only: shortestPath from a node to itself is 0 hops on
// ArcadeDB and an error on Neo4j (51N23); call_cycle answers that question.
// :param source => 'shop:shop.cli.main'
// :param target => 'shop:shop.pricing.discount'
MATCH (a:Function {id: $source})
MATCH (b:Function {id: $target})
WHERE a <> b
MATCH p = shortestPath((a)-[:CALLS*1..10]->(b))
RETURN [n IN nodes(p) | n.id] AS ids, length(p) AS hops

// name: call_cycle
// The shortest chain of calls from a function back to itself (at most 10 hops): a
// call of itself, or one call to another function and the shortest path back. No
// row when the function is on no cycle.
// :param source => 'shop:shop.pricing.price'
CALL () {
  MATCH (a:Function {id: $source})-[:CALLS]->(a)
  RETURN [a.id, a.id] AS ids, 1 AS hops
  UNION ALL
  MATCH (a:Function {id: $source})-[:CALLS]->(n:Function)
  WHERE n <> a
  MATCH p = shortestPath((n)-[:CALLS*1..9]->(a))
  RETURN [a.id] + [x IN nodes(p) | x.id] AS ids, length(p) + 1 AS hops
}
RETURN ids, hops
ORDER BY hops, ids
LIMIT 1

// name: usages
// Code that calls a symbol (an External qualified name, or an ingested function's or
// class's qualified name): functions, and modules for calls at module or class level
// (a decorator, a module-level instance), optionally only in repositories of one $origin
// ('curated' | 'inhouse' | null for all), by qualified name, at most $limit.
// :param symbol => 'shop.pricing.price'
// :param origin => null
// :param limit => 20
CALL () {
  MATCH (:External {id: $symbol})<-[r:CALLS]-(c) RETURN c, r, $symbol AS target
  UNION ALL
  MATCH (f:Function {qualname: $symbol})<-[r:CALLS]-(c) RETURN c, r, f.id AS target
  UNION ALL
  MATCH (k:Class {qualname: $symbol})<-[r:CALLS]-(c) RETURN c, r, k.id AS target
}
MATCH (repo:Repository {id: c.repo_id})
WHERE $origin IS NULL OR repo.origin = $origin
RETURN CASE WHEN c:Function THEN c.id END AS id, c.module_id AS module_id, target,
       r.lines AS lines, r.confidence AS confidence, coalesce(r.derived, false) AS derived,
       repo.origin AS origin
ORDER BY c.qualname, c.id, target
LIMIT $limit

// name: similar_functions
// Functions nearest to each function by embedding (vector index; the function itself
// excluded), among those whose vectors the same model made (its int8 quantization
// counts as the same: graph_rag.embed.comparable_models). $k candidates are asked of
// the index, so ask one more than wanted.
// :param ids => ['shop:shop.pricing.price']
// :param index => 'function_embedding'
// :param k => 6
UNWIND $ids AS key
MATCH (f:Function {id: key})
WHERE f.embedding IS NOT NULL
CALL db.index.vector.queryNodes($index, $k, f.embedding) YIELD node, score
WITH key, f, node, score
WHERE node.id <> key
  AND replace(node.embedded_model, '+int8', '') = replace(f.embedded_model, '+int8', '')
RETURN key, node.id AS id, score
ORDER BY key, score DESC
