// Loads our exports with the graph tools' own readers and prints what each found, as JSON:
//   node load_exports.js CYTOSCAPE.json GEXF.gexf SOURCE_IRI TARGET_IRI
// Cytoscape.js twice (cy.json() as a saved .cyjs is restored, and cytoscape({elements})),
// graphology through graphology-gexf (the reader of Sigma.js and Gephi Lite).
"use strict";
const fs = require("fs");
const cytoscape = require("cytoscape");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const [cyFile, gexfFile, source, target] = process.argv.slice(2);
const exported = JSON.parse(fs.readFileSync(cyFile, "utf8"));

function cytoscapeEdges(cy) {
  return cy.edges().filter((e) => e.data("source") === source && e.data("target") === target)
    .map((e) => ({ id: e.id(), status: e.data("status") }));
}

const restored = cytoscape({ headless: true });
restored.json(exported);  // throws on elements without an id
const built = cytoscape({ headless: true, elements: exported.elements });

const graph = gexf.parse(Graph, fs.readFileSync(gexfFile, "utf8"));
const gexfEdges = graph.edges(source, target).map((e) => ({ id: e, status: graph.getEdgeAttribute(e, "status") }));

console.log(JSON.stringify({
  cy_json: { nodes: restored.nodes().length, edges: restored.edges().length, found: cytoscapeEdges(restored) },
  cy_elements: { nodes: built.nodes().length, edges: built.edges().length, found: cytoscapeEdges(built) },
  graphology: { nodes: graph.order, edges: graph.size, found: gexfEdges },
}));
