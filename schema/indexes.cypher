// Lookup indexes shared by Neo4j and the local server: call targets are resolved
// by qualified name across repositories, so qualname lookups must not scan; embed,
// quality and structure passes read one repository's functions and modules.

// name: function_qualname
CREATE INDEX function_qualname IF NOT EXISTS FOR (n:Function) ON (n.qualname)

// name: function_name
// A search for a symbol (``HTTPAdapter.send``) looks functions up by their last name part.
CREATE INDEX function_name IF NOT EXISTS FOR (n:Function) ON (n.name)

// name: class_qualname
CREATE INDEX class_qualname IF NOT EXISTS FOR (n:Class) ON (n.qualname)

// name: module_qualname
CREATE INDEX module_qualname IF NOT EXISTS FOR (n:Module) ON (n.qualname)

// name: function_repo_id
CREATE INDEX function_repo_id IF NOT EXISTS FOR (n:Function) ON (n.repo_id)

// name: module_repo_id
CREATE INDEX module_repo_id IF NOT EXISTS FOR (n:Module) ON (n.repo_id)
