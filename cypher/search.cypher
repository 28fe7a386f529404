// name: vector_functions
// Functions nearest to an embedding, by the vector index (cosine, score in [0, 1]).
// :param index => 'function_embedding'
// :param k => 10
// :param vector => [0.1, 0.2]
CALL db.index.vector.queryNodes($index, $k, $vector) YIELD node, score
RETURN node.id AS id, node.qualname AS qualname, score
ORDER BY score DESC

// name: fulltext_functions
// Functions whose names or docstrings match a Lucene query, best first.
// :param index => 'function_text'
// :param text => 'parse date'
// :param k => 10
CALL db.index.fulltext.queryNodes($index, $text) YIELD node, score
RETURN node.id AS id, node.qualname AS qualname, score
ORDER BY score DESC
LIMIT $k
