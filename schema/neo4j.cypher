// Search indexes in Neo4j 5.26's DDL. Schema commands take no parameters, so
// <dimensions> is replaced by the embedding model's dimension (an int checked
// in code) before the statement is sent; nothing user-supplied reaches here.

// name: function_embedding
CREATE VECTOR INDEX function_embedding IF NOT EXISTS
FOR (n:Function) ON n.embedding
OPTIONS {indexConfig: {`vector.dimensions`: <dimensions>, `vector.similarity_function`: 'cosine'}}

// name: function_text
CREATE FULLTEXT INDEX function_text IF NOT EXISTS
FOR (n:Function) ON EACH [n.search_text]

// name: await_indexes
// New indexes fill in the background and cannot answer while they do: wait, so the
// first search after `graph-rag init` on a large graph does not fail.
CALL db.awaitIndexes(300)
