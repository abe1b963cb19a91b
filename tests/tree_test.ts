/** The lazy manifest (commands/mod.ts) matches the command tree it is generated from. */
import assert from "node:assert/strict";
import { TREE } from "../commands/mod.ts";
import { GROUPS } from "../commands/tree.ts";

Deno.test("commands/mod.ts is current: same groups, names, summaries and commands", async () => {
  assert.deepEqual(
    TREE.groups.map((g) => g.title),
    GROUPS.map((g) => g.title),
    "group order (run `deno task generate`)",
  );
  for (const [i, group] of GROUPS.entries()) {
    const lazy = TREE.groups[i].commands;
    assert.deepEqual(
      lazy.map((c) => c.name),
      Object.keys(group.commands),
      `commands of ${group.title} (run \`deno task generate\`)`,
    );
    for (const entry of lazy) {
      const command = group.commands[entry.name];
      assert.equal(entry.brief, command.brief, `summary of ${entry.name}`);
      assert.equal(await entry.load(), command, `${entry.name} loads its own command`);
    }
  }
});

Deno.test("every command has a one-line summary and a runnable example in its help", () => {
  for (const group of GROUPS) {
    for (const [name, command] of Object.entries(group.commands)) {
      assert.ok(command.brief.length > 0 && !command.brief.includes("\n"), name);
      assert.match(
        command.fullDescription ?? "",
        new RegExp(`Examples?:\\n(.*\\n)* {2}(.*)?pangolin-admin ${name}\\b`),
        `${name} needs an example`,
      );
    }
  }
});
