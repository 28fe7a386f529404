// name: show_constraints
// Every constraint the server holds (graph-rag's are the *_id and meta_key ones).
SHOW CONSTRAINTS

// name: show_indexes
// Every index the server holds, with its type and state.
SHOW INDEXES

// name: meta_get
// graph-rag's own settings stored in the graph (embedding model and dimensions).
// :param key => 'schema'
MATCH (m:GraphRagMeta {key: $key})
RETURN m.embedding_model AS embedding_model, m.dimensions AS dimensions

// name: meta_set
// Record the embedding model and dimensions the vector index was made for.
// :param key => 'schema'
// :param embedding_model => 'all-MiniLM-L6-v2'
// :param dimensions => 384
MERGE (m:GraphRagMeta {key: $key})
SET m.embedding_model = $embedding_model, m.dimensions = $dimensions

// name: clear_all
// Delete every node and relationship, keeping constraints, indexes and graph-rag's settings.
MATCH (n)
WHERE NOT n:GraphRagMeta
DETACH DELETE n

// name: remove_embeddings
// Forget every stored embedding (before switching to a model of another dimension).
MATCH (f:Function)
WHERE f.embedding IS NOT NULL
REMOVE f.embedding
