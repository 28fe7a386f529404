// The embed stage (graph_rag.services.embedding): find functions whose stored vector
// is missing or stale, read what their embedded text is made of, write vectors.
// A vector is up to date when it was made from the function's current content_hash
// (f.embedded_hash) by the configured model (f.embedded_model).

// name: embed_missing_count
// How many of one repository's functions have no vector at all (no model needed to ask).
// :param repo_id => 'requests'
MATCH (f:Function)
WHERE f.repo_id = $repo_id AND f.embedding IS NULL
RETURN count(f) AS missing

// name: embed_stale_functions
// Ids of one repository's functions without an up-to-date embedding: one made from their
// current content by one of $models (the names of one model that a query compares alike,
// graph_rag.embed.comparable_models: its fp32 and int8 vectors).
// :param repo_id => 'requests'
// :param models => ['sentence-transformers/all-MiniLM-L6-v2@128', 'sentence-transformers/all-MiniLM-L6-v2@128+int8']
MATCH (f:Function)
WHERE f.repo_id = $repo_id
  AND (f.embedding IS NULL OR f.embedded_hash IS NULL OR f.embedded_hash <> f.content_hash
       OR f.embedded_model IS NULL OR NOT f.embedded_model IN $models)
RETURN f.id AS id
ORDER BY id

// name: embed_repositories
// Every repository id (`graph-rag embed` without --repo walks them all).
MATCH (r:Repository)
RETURN r.id AS id
ORDER BY id

// name: embed_function_fields
// What the embedded text of each function is made of, by id.
// :param ids => ['requests:requests.api.get']
UNWIND $ids AS id
MATCH (f:Function {id: id})
RETURN f.id AS id, f.repo_id AS repo_id, f.qualname AS qualname, f.kind AS kind,
       f.signature AS signature, f.docstring AS docstring, f.source AS source,
       f.path AS path, f.lineno AS lineno, f.end_lineno AS end_lineno, f.content_hash AS content_hash

// name: embed_set_vectors
// Store vectors, each with the content hash it was made from and the model that made it.
// :param model => 'sentence-transformers/all-MiniLM-L6-v2'
UNWIND $rows AS row
MATCH (f:Function {id: row.id})
SET f.embedding = row.vector, f.embedded_hash = row.content_hash, f.embedded_model = $model
