// Compiles (and lays out) each D2 file named on the command line with the D2 compiler (WASM
// build); prints one line per file, "ok <file>" or "error <file> <message>", each "ok" line
// followed by the layout: "  shape <id> <x> <y> <width> <height>" per shape and
// "  link <src> <dst> <x,y of its first point> <x,y of its last point>" per connection (ids
// are D2's absolute keys, `g_serving.c_api`); exits 1 on any error.
import { readFileSync } from "node:fs";
import { D2 } from "@terrastruct/d2";

const d2 = new D2();
let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const { diagram } = await d2.compile(readFileSync(file, "utf8"));
    console.log(`ok ${file}`);
    for (const shape of diagram.shapes) {
      console.log(`  shape ${shape.id} ${shape.pos.x} ${shape.pos.y} ${shape.width} ${shape.height}`);
    }
    for (const link of diagram.connections) {
      const [first, last] = [link.route[0], link.route[link.route.length - 1]];
      console.log(`  link ${link.src} ${link.dst} ${first.x},${first.y} ${last.x},${last.y}`);
    }
  } catch (error) {
    failed = true;
    console.log(`error ${file} ${String(error && error.message ? error.message : error).split("\n")[0]}`);
  }
}
process.exit(failed ? 1 : 0);
