/** TAB in the interactive shell completes command names from the command tree. */
import assert from "node:assert/strict";
import { completeLine } from "../lib/shell.ts";
import { tempHome } from "./helpers.ts";
import { HAS_PTY, inPty, plain } from "./pty.ts";

Deno.test("completeLine: one match gets a space, several are listed, later words untouched", () => {
  const names = ["revoke-token", "revoke-token-by-id", "revoke-tokens", "whoami"];
  assert.deepEqual(completeLine("who", names), [["whoami "], "who"]);
  assert.deepEqual(completeLine("revoke-tok", names), [
    ["revoke-token", "revoke-token-by-id", "revoke-tokens"],
    "revoke-tok",
  ]);
  assert.deepEqual(completeLine("he", names), [["help "], "he"]);
  assert.deepEqual(completeLine("whoami --ch", names), [[], ""]);
  assert.deepEqual(completeLine("zzz", names), [[], "zzz"]);
});

Deno.test({
  name: "TAB in the shell completes a command name, and lists the choices on a second TAB",
  ignore: !HAS_PTY,
  fn: async () => {
    const r = await inPty([], {
      home: await tempHome(),
      steps: [
        { waitFor: "(default)> ", send: "revoke-token-b\t" },
        { waitFor: "revoke-token-by-id ", send: "--help\r" },
        { waitFor: "(default)> ", send: "list-pro\t" },
        { waitFor: "list-profiles ", send: "\r" },
        { waitFor: "(default)> ", send: "revoke-tok" },
        { waitFor: "revoke-tok", send: "\t" },
        { waitFor: "en", send: "\t" },
        { waitFor: "revoke-tokens", send: "\x15exit\r" },
      ],
    });
    const text = plain(r.screen);
    assert.equal(r.completed, 8, text);
    assert.equal(r.code, 0, text);
    assert.match(text, /pangolin-admin revoke-token-by-id \(--id uuid\)/, "the completed line ran");
    assert.match(text, /No profiles saved yet/);
    assert.match(text, /> revoke-token\s+revoke-token\s+revoke-token-by-id\s+revoke-tokens\s/);
  },
});
