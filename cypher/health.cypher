// name: ping
// Is the database answering? Returns 1.
RETURN 1 AS ok

// name: node_counts
// How many nodes of each graph-rag label the database holds.
MATCH (n)
WHERE n:Repository OR n:Module OR n:Class OR n:Function OR n:External
RETURN labels(n)[0] AS label, count(*) AS nodes
ORDER BY label

// name: relationship_counts
// How many relationships of each type the database holds.
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS relationships
ORDER BY type

// name: graph_nodes
// Every graph-rag node with its properties (for comparing two graphs; small graphs only).
MATCH (n)
WHERE n:Repository OR n:Module OR n:Class OR n:Function OR n:External
RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS props
ORDER BY id

// name: graph_relationships
// Every relationship between graph-rag nodes with its properties (small graphs only).
MATCH (a)-[r]->(b)
RETURN a.id AS src, type(r) AS type, b.id AS dst, properties(r) AS props
ORDER BY src, type, dst
