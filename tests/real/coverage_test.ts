// Every command of commands/mod.ts runs at least once against the real server somewhere in
// this tier (a CLI argv array that starts with its name in a tests/real file), unless it is
// exempt below for a stated reason. Adding a command without a real-tier run fails here.
import assert from "node:assert/strict";
import { TREE } from "../../commands/mod.ts";

/** Commands that need no server, with the reason. */
export const EXEMPT: Record<string, string> = {
  "completions": "prints a shell script; sends nothing",
  "list-profiles": "reads the local config only",
  "use-profile": "writes the local config only",
};

const HERE = new URL("./", import.meta.url);

async function tierSources(): Promise<string> {
  let text = "";
  for await (const entry of Deno.readDir(HERE)) {
    if (!entry.isFile || !entry.name.endsWith(".ts") || entry.name === "coverage_test.ts") {
      continue;
    }
    text += await Deno.readTextFile(new URL(entry.name, HERE)) + "\n";
  }
  return text;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

Deno.test("real-server coverage: every command in commands/mod.ts has a run (or a reason)", async () => {
  const names = TREE.groups.flatMap((g) => g.commands.map((c) => c.name));
  for (const name of Object.keys(EXEMPT)) {
    assert.ok(names.includes(name), `exempt command ${name} is not in commands/mod.ts`);
  }
  const sources = await tierSources();
  const missing = names.filter((name) =>
    !EXEMPT[name] && !new RegExp(`\\[\\s*"${escaped(name)}"\\s*[,\\]]`).test(sources)
  );
  assert.deepEqual(missing, [], `commands with no real-server run: ${missing.join(", ")}`);
});
