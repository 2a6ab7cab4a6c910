// Lays out graphs with Graphviz's dot, compiled to WebAssembly (npm @viz-js/viz), for
// macros/diagram.py at build time. Reads a JSON array of DOT sources on standard input and
// writes a JSON array of their SVG drawings (without XML prolog) on standard output; any
// error or warning of Graphviz fails the whole call, so a bad graph never reaches a page.

import { instance } from "@viz-js/viz";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const sources = JSON.parse(Buffer.concat(chunks).toString("utf-8"));

const viz = await instance();
const drawings = sources.map((source) => {
  const result = viz.render(source, { format: "svg_inline", engine: "dot" });
  if (result.status !== "success" || result.errors.length > 0) {
    const messages = result.errors.map((error) => `${error.level}: ${error.message}`);
    throw new Error(`Graphviz: ${messages.join("; ") || "failed"}`);
  }
  return result.output;
});
process.stdout.write(JSON.stringify(drawings));
