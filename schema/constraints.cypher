// Uniqueness constraints: ids are stable across re-ingests, so MERGE on them is
// idempotent and a re-run after a kill cannot create duplicates. Same DDL on
// Neo4j 5.26 and on the local ArcadeDB server. Applied by `graph-rag init`.

// name: repository_id
CREATE CONSTRAINT repository_id IF NOT EXISTS FOR (n:Repository) REQUIRE n.id IS UNIQUE

// name: module_id
CREATE CONSTRAINT module_id IF NOT EXISTS FOR (n:Module) REQUIRE n.id IS UNIQUE

// name: class_id
CREATE CONSTRAINT class_id IF NOT EXISTS FOR (n:Class) REQUIRE n.id IS UNIQUE

// name: function_id
CREATE CONSTRAINT function_id IF NOT EXISTS FOR (n:Function) REQUIRE n.id IS UNIQUE

// name: external_id
CREATE CONSTRAINT external_id IF NOT EXISTS FOR (n:External) REQUIRE n.id IS UNIQUE

// name: meta_key
CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (n:GraphRagMeta) REQUIRE n.key IS UNIQUE
