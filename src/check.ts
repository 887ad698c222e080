/**
 * `npm run check`: validates every seed without building the site. Prints every problem of every
 * bad seed and exits 1 when any seed is invalid.
 */
import { loadSeedFolder } from "./load.ts";
import { readSeed } from "./seeds.ts";
import { readOptions } from "./options.ts";

const options = readOptions(process.env);
const folder = loadSeedFolder(process.argv[2] ?? options.seedsDir);
let invalid = 0;
let repaired = 0;
for (const file of folder.files) {
  const outcome = readSeed(file);
  if (!outcome.ok) {
    invalid++;
    console.error(outcome.error.message);
    continue;
  }
  for (const p of outcome.problems) {
    if (p.severity === "error") continue;
    repaired++;
    if (!options.quiet) console.log(`${file.path}:${p.line ?? 1}:${p.col ?? 1} ${p.field ? `${p.field}: ` : ""}${p.message} (${p.severity})`);
  }
}
if (folder.ignored.length > 0) console.log(`ignored ${folder.ignored.length} file(s) that are not seeds: ${folder.ignored.join(", ")}`);
console.log(`${folder.files.length} seed files checked: ${folder.files.length - invalid} valid, ${invalid} invalid, ${repaired} repair(s)/warning(s).`);
process.exitCode = invalid > 0 ? 1 : 0;
