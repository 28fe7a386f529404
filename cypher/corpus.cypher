// Reads and writes of `graph-rag corpus sync`: which repositories a manifest
// manages, at which commit and with which settings they were last indexed.

// name: corpus_repositories
// Every repository with its indexed commit, state and the corpus that manages it (null: none).
MATCH (r:Repository)
RETURN r.id AS id, r.commit AS commit, r.complete AS complete, r.url AS url,
       r.corpus AS corpus, r.corpus_config AS corpus_config, r.corpus_ref AS corpus_ref,
       r.dirty AS dirty
ORDER BY r.id

// name: set_repository_corpus
// Mark a repository as managed by a corpus manifest, with the entry's settings digest and ref.
// :param id => 'requests'
// :param corpus => 'python-web'
// :param config => '3f2a9c1d0b7e4a55'
// :param ref => 'v2.32.3'
MATCH (r:Repository {id: $id})
SET r.corpus = $corpus, r.corpus_config = $config, r.corpus_ref = $ref
