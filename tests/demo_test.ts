/** `deno task demo`, the README's first command, runs green. */
import assert from "node:assert/strict";
import { demo } from "./demo.ts";

Deno.test("the demo runs every workflow through the real CLI", async () => {
  let transcript = "";
  const code = await demo((text) => void (transcript += text));
  assert.equal(code, 0, transcript);
  assert.match(
    transcript,
    /\$ cat ~\/\.pangolin-password \| pangolin-admin login --username admin --password-stdin\n✅ Logged in successfully as admin\n/,
  );
  assert.match(transcript, /✅ Revoked 2 of 2 tokens for user /);
  assert.match(transcript, /✅ Token revoked successfully!\nYou have been logged out\./);
  assert.match(transcript, /Demo finished: every step behaved as expected\./);
});
