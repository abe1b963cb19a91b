/** The shell's line splitting (the pty tests cover the shell itself). */
import assert from "node:assert/strict";
import { splitLine } from "../lib/shell.ts";

Deno.test("splitLine splits like a POSIX shell, without expansion", () => {
  assert.deepEqual(splitLine("revoke-token-by-id --id  abc"), [
    "revoke-token-by-id",
    "--id",
    "abc",
  ]);
  assert.deepEqual(splitLine(`create-service-user --name "nightly etl" --description 'a "b"'`), [
    "create-service-user",
    "--name",
    "nightly etl",
    "--description",
    'a "b"',
  ]);
  assert.deepEqual(splitLine(String.raw`search a\ b "x\"y" ''`), ["search", "a b", 'x"y', ""]);
  assert.deepEqual(splitLine("list-catalogs $HOME"), ["list-catalogs", "$HOME"]);
  assert.throws(() => splitLine(`login --password "oops`), /unclosed " quote/);
});
