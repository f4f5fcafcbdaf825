// Parses each file named on the command line with Mermaid's own parser (mermaid.parse), as a browser would before
// rendering. Mermaid sanitises labels with DOMPurify, which needs a DOM: jsdom provides one.
// Prints "ok <file>" or "error <file>: <message>" per file; exits 1 when any file fails.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  try {
    const result = await mermaid.parse(text);
    if (!result || result.diagramType !== 'flowchart-v2') {
      throw new Error(`parsed as ${result && result.diagramType}, not a flowchart`);
    }
    console.log(`ok ${file}`);
  } catch (error) {
    failed++;
    console.log(`error ${file}: ${String(error && error.message || error).replace(/\s+/g, ' ')}`);
  }
}
process.exit(failed ? 1 : 0);
