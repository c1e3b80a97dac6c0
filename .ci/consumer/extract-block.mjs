// Prints the first ```ts block of a Markdown file whose first line is the given marker.
// Usage: node extract-block.mjs <file.md> "<first line>"
import { readFileSync } from "node:fs";

const [file, marker] = process.argv.slice(2);
const blocks = [...readFileSync(file, "utf8").matchAll(/^```ts[^\n]*\n([\s\S]*?)^```$/gm)];
const block = blocks.map((match) => match[1]).find((code) => code.split("\n")[0] === marker);
if (block === undefined) {
  console.error(`${file}: no \`\`\`ts block starting with ${marker}`);
  process.exit(1);
}
process.stdout.write(block);
