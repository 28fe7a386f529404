// name: set_embeddings
// Store embeddings for functions by id (the API tests' stand-in for `graph-rag embed`).
UNWIND $rows AS row
MATCH (f:Function {id: row.id})
SET f.embedding = row.vector, f.embedded_model = $model
