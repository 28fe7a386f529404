// Queries only bench/retrieval_bench.py runs (namespace "bench.").

// name: functions
// Every function with what the benchmark builds queries from.
MATCH (f:Function)
RETURN f.id AS id, f.qualname AS qualname, f.docstring AS docstring, f.is_test AS is_test,
       f.repo_id AS repo_id
ORDER BY id

// name: set_search_text
// Replace functions' fulltext search_text (the benchmark removes docstrings from it).
UNWIND $rows AS row
MATCH (f:Function {id: row.id})
SET f.search_text = row.search_text

// name: embeddings
// Every stored vector (for exact cosine against the index).
MATCH (f:Function)
WHERE f.embedding IS NOT NULL
RETURN f.id AS id, f.embedding AS embedding
