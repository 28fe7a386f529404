// name: naive_merge
// One node per query: the naive write path the batched UNWIND path is compared with.
MERGE (f:Function {id: $id})
SET f.name = $name, f.source = $source

// name: naive_cleanup
// Remove the naive benchmark's nodes.
MATCH (f:Function)
WHERE f.id STARTS WITH 'bench:'
DETACH DELETE f
