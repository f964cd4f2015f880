// Compiles and renders each D2 file named on the command line with the D2 compiler (WASM
// build); prints one line per file, "<images> <file>" (the <image> elements of its SVG, the
// icons D2 drew), or "error <file> <message>"; exits 1 on any error.
import { readFileSync } from "node:fs";
import { D2 } from "@terrastruct/d2";

const d2 = new D2();
let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const result = await d2.compile(readFileSync(file, "utf8"));
    const svg = await d2.render(result.diagram, result.renderOptions || {});
    const images = (svg.match(/<image [^>]*href="data:image\/png;base64,/g) || []).length;
    console.log(`${images} ${file}`);
  } catch (error) {
    failed = true;
    console.log(`error ${file} ${String(error && error.message ? error.message : error).split("\n")[0]}`);
  }
}
process.exit(failed ? 1 : 0);
