-- Search indexes in ArcadeDB's SQL, sent over its HTTP API: its Bolt endpoint
-- refuses CREATE VECTOR / FULLTEXT INDEX. The indexes it creates are named
-- "Function[embedding]" and "Function[search_text]", and answer the same
-- db.index.vector.queryNodes / db.index.fulltext.queryNodes procedures as Neo4j.
-- <dimensions> is the embedding model's dimension (an int checked in code).

-- name: function_embedding
CREATE PROPERTY Function.embedding IF NOT EXISTS ARRAY_OF_FLOATS;
CREATE INDEX IF NOT EXISTS ON Function (embedding) LSM_VECTOR METADATA {"dimensions": <dimensions>, "similarity": "COSINE"}

-- name: function_text
CREATE PROPERTY Function.search_text IF NOT EXISTS STRING;
CREATE INDEX IF NOT EXISTS ON Function (search_text) FULL_TEXT
