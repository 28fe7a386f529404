// Lookup indexes shared by Neo4j and the local server: call targets are resolved
// by qualified name across repositories, so qualname lookups must not scan.

// name: function_qualname
CREATE INDEX function_qualname IF NOT EXISTS FOR (n:Function) ON (n.qualname)

// name: class_qualname
CREATE INDEX class_qualname IF NOT EXISTS FOR (n:Class) ON (n.qualname)

// name: module_qualname
CREATE INDEX module_qualname IF NOT EXISTS FOR (n:Module) ON (n.qualname)
