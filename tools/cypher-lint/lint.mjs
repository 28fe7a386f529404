// Lint Cypher with Neo4j's own front end (the parser and semantic analysis that
// @neo4j-cypher/language-support ships, as Neo4j's editors use them), offline.
//
// stdin: {"version": "CYPHER 5", "labels": [...], "relationshipTypes": [...],
//         "queries": [{"name": ..., "text": ...}]}
// stdout: one JSON list of {"query", "severity", "message", "text"}, where "text" is the
// part of the query the diagnostic points at.
//
// Procedures and functions are checked against the registry of a real Neo4j that the
// package ships (testData.mockSchema: names, signatures, deprecations). Parameters are
// not declared, so "Parameter $x is not defined" is dropped: every value is one.
import { readFileSync } from 'node:fs';
import { isNotParamError, lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

const input = JSON.parse(readFileSync(0, 'utf8'));
const schema = {
  defaultLanguage: input.version,
  procedures: testData.mockSchema.procedures,
  functions: testData.mockSchema.functions,
  labels: input.labels,
  relationshipTypes: input.relationshipTypes,
};
const found = [];
for (const query of input.queries) {
  const { diagnostics } = lintCypherQuery(query.text, schema);
  for (const d of diagnostics.filter(isNotParamError)) {
    found.push({
      query: query.name,
      severity: SEVERITY[d.severity] ?? String(d.severity),
      message: d.message.replace(/\s+/g, ' ').trim(),
      text: query.text.slice(d.offsets.start, d.offsets.end),
    });
  }
}
process.stdout.write(JSON.stringify(found));
