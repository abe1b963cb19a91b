/**
 * Help is interface: every command's --help is pinned by a golden file, and the README's command
 * reference matches the tree. After a deliberate change, `deno task generate` refreshes both.
 */
import assert from "node:assert/strict";
import { GOLDEN_DIR, renderHelp, renderReference } from "./tools/reference.ts";

Deno.test("every command's --help matches its golden file", async () => {
  const help = await renderHelp();
  const files = [...Deno.readDirSync(GOLDEN_DIR)].map((e) => e.name.replace(/\.txt$/, "")).sort();
  assert.deepEqual(
    files,
    [...help.keys()].sort(),
    "a golden file per command (deno task generate)",
  );
  for (const [name, text] of help) {
    const golden = await Deno.readTextFile(new URL(`${name}.txt`, GOLDEN_DIR));
    assert.equal(text, golden, `${name} --help changed: run \`deno task generate\` if meant`);
  }
});

Deno.test("the README's command reference is current", async () => {
  const readme = await Deno.readTextFile(new URL("../README.md", import.meta.url));
  assert.ok(readme.includes(renderReference()), "run `deno task generate`");
});
