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
