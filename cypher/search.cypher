// Retrieval (graph_rag.search). Read-only. Filters are parameters: an empty list,
// null or false means "no filter". $origin is checked on the function's Repository.
// $path_regex is the fnmatch glob translated to a regex by graph_rag.search.

// name: vector_functions
// Functions nearest to an embedding, by the vector index (cosine, score in [0, 1]).
// :param index => 'function_embedding'
// :param k => 10
// :param vector => [0.1, 0.2]
CALL db.index.vector.queryNodes($index, $k, $vector) YIELD node, score
RETURN node.id AS id, node.qualname AS qualname, score
ORDER BY score DESC, id

// name: fulltext_functions
// Functions whose names or docstrings match a Lucene query, best first.
// :param index => 'function_text'
// :param text => 'parse date'
// :param k => 10
CALL db.index.fulltext.queryNodes($index, $text) YIELD node, score
RETURN node.id AS id, node.qualname AS qualname, score
ORDER BY score DESC, id
LIMIT $k

// name: search_vector
// The $k best functions among the $candidates nearest to $vector that pass the filters
// and whose vectors $models made (another model's vectors, not yet re-embedded after a
// change of model, are not comparable with this query's),
// with what a search hit shows (every property api.functions_by_id returns, so the API
// need not load the hits again) and the function's CALLS in-degree (the structural prior).
// Filter, then cut to $k, then read properties and count callers: only for rows kept.
// :param index => 'function_embedding'
// :param candidates => 40
// :param vector => [0.1, 0.2]
// :param k => 10
// :param repositories => []
// :param origin => null
// :param kinds => []
// :param path_regex => null
// :param exclude_tests => false
// :param min_quality => null
// :param models => []
CALL db.index.vector.queryNodes($index, $candidates, $vector) YIELD node, score
WITH node AS f, score
WHERE ($models = [] OR f.embedded_model IN $models)
  AND ($repositories = [] OR f.repo_id IN $repositories)
  AND ($kinds = [] OR f.kind IN $kinds)
  AND ($path_regex IS NULL OR f.path =~ $path_regex)
  AND (NOT $exclude_tests OR f.is_test IS NULL OR f.is_test = false)
  AND ($min_quality IS NULL OR f.quality IS NULL OR f.quality >= $min_quality)
  AND ($origin IS NULL OR EXISTS { MATCH (r:Repository {id: f.repo_id}) WHERE r.origin = $origin })
WITH f, score ORDER BY score DESC, f.id LIMIT $k
RETURN f.id AS id, f.qualname AS qualname, score, f.repo_id AS repo_id, f.path AS path,
       f.lineno AS lineno, f.end_lineno AS end_lineno, f.signature AS signature,
       f.docstring AS docstring, f.name AS name, f.kind AS kind, f.module_id AS module_id,
       f.is_async AS is_async, f.is_test AS is_test, f.quality AS quality,
       COUNT { (f)<-[:CALLS]-() } AS callers
ORDER BY score DESC, id

// name: search_fulltext
// The $k best functions among Lucene's $candidates best matches for a query over
// Function.search_text that pass the filters, with what a search hit shows (as
// search_vector) and the function's CALLS in-degree (the structural prior). The limit
// option makes Lucene stop at $candidates: a query of common words otherwise streams
// most of the graph.
// :param index => 'function_text'
// :param text => 'parse date'
// :param candidates => 40
// :param k => 10
// :param repositories => []
// :param origin => null
// :param kinds => []
// :param path_regex => null
// :param exclude_tests => false
// :param min_quality => null
CALL db.index.fulltext.queryNodes($index, $text, {limit: $candidates}) YIELD node, score
WITH node AS f, score
WHERE ($repositories = [] OR f.repo_id IN $repositories)
  AND ($kinds = [] OR f.kind IN $kinds)
  AND ($path_regex IS NULL OR f.path =~ $path_regex)
  AND (NOT $exclude_tests OR f.is_test IS NULL OR f.is_test = false)
  AND ($min_quality IS NULL OR f.quality IS NULL OR f.quality >= $min_quality)
  AND ($origin IS NULL OR EXISTS { MATCH (r:Repository {id: f.repo_id}) WHERE r.origin = $origin })
WITH f, score ORDER BY score DESC, f.id LIMIT $k
RETURN f.id AS id, f.qualname AS qualname, score, f.repo_id AS repo_id, f.path AS path,
       f.lineno AS lineno, f.end_lineno AS end_lineno, f.signature AS signature,
       f.docstring AS docstring, f.name AS name, f.kind AS kind, f.module_id AS module_id,
       f.is_async AS is_async, f.is_test AS is_test, f.quality AS quality,
       COUNT { (f)<-[:CALLS]-() } AS callers
ORDER BY score DESC, id

// name: search_symbol
// Functions named by a symbol an agent typed (``HTTPAdapter.send``, ``parse_cookie``): the
// qualified name is $symbol or ends with $suffix ('.' + $symbol), looked up by the last
// part, $name (indexed). The exact name first, then code before tests, the most called,
// the shortest name; the same filters and columns as search_fulltext.
// :param name => 'send'
// :param symbol => 'HTTPAdapter.send'
// :param suffix => '.HTTPAdapter.send'
// :param k => 10
// :param repositories => []
// :param origin => null
// :param kinds => []
// :param path_regex => null
// :param exclude_tests => false
// :param min_quality => null
MATCH (f:Function {name: $name})
WHERE (f.qualname = $symbol OR f.qualname ENDS WITH $suffix)
  AND ($repositories = [] OR f.repo_id IN $repositories)
  AND ($kinds = [] OR f.kind IN $kinds)
  AND ($path_regex IS NULL OR f.path =~ $path_regex)
  AND (NOT $exclude_tests OR f.is_test IS NULL OR f.is_test = false)
  AND ($min_quality IS NULL OR f.quality IS NULL OR f.quality >= $min_quality)
  AND ($origin IS NULL OR EXISTS { MATCH (r:Repository {id: f.repo_id}) WHERE r.origin = $origin })
WITH f, COUNT { (f)<-[:CALLS]-() } AS callers
ORDER BY CASE WHEN f.qualname = $symbol THEN 0 ELSE 1 END, CASE WHEN f.is_test THEN 1 ELSE 0 END,
         callers DESC, size(f.qualname), f.id
LIMIT $k
RETURN f.id AS id, f.qualname AS qualname, 1.0 AS score, f.repo_id AS repo_id, f.path AS path,
       f.lineno AS lineno, f.end_lineno AS end_lineno, f.signature AS signature,
       f.docstring AS docstring, f.name AS name, f.kind AS kind, f.module_id AS module_id,
       f.is_async AS is_async, f.is_test AS is_test, f.quality AS quality, callers

// name: search_any_function
// One function id, if any function is stored at all ("nothing ingested yet" otherwise).
MATCH (f:Function)
RETURN f.id AS id
LIMIT 1

// name: search_embedding_coverage
// How many functions of these repositories (all of them where empty) have a vector one
// of $models made (what search_vector compares a query with), how many of those were
// made from an older version of their code (re-ingested with --no-embed since), how
// many have another model's only (not re-embedded since the model changed), and how
// many none yet (ingested with --no-embed, or embedding was interrupted); only those
// of repositories of $origin where it is set.
// :param repositories => []
// :param origin => null
// :param models => ['sentence-transformers/all-MiniLM-L6-v2@128', 'sentence-transformers/all-MiniLM-L6-v2@128+int8']
OPTIONAL MATCH (r:Repository)
WHERE r.origin = $origin
WITH collect(r.id) AS of_origin
MATCH (f:Function)
WHERE ($repositories = [] OR f.repo_id IN $repositories) AND ($origin IS NULL OR f.repo_id IN of_origin)
WITH f.embedding IS NOT NULL AS has_vector, f.embedded_model IN $models AS comparable,
     coalesce(f.embedded_hash <> f.content_hash, true) AS outdated
RETURN count(CASE WHEN has_vector AND comparable THEN 1 END) AS embedded,
       count(CASE WHEN has_vector AND comparable AND outdated THEN 1 END) AS outdated,
       count(CASE WHEN has_vector AND NOT coalesce(comparable, false) THEN 1 END) AS other_model,
       count(CASE WHEN NOT has_vector THEN 1 END) AS missing
