/** Completion scripts, generated from the command tree and run by the real shells. */
import assert from "node:assert/strict";
import { run } from "./helpers.ts";

function has(shell: string): boolean {
  try {
    return new Deno.Command(shell, { args: ["-c", "true"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

async function bashComplete(script: string, words: string[]): Promise<string[]> {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/completion.bash`;
  await Deno.writeTextFile(file, script);
  const program = [
    `source ${file}`,
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")})`,
    `COMP_CWORD=${words.length - 1}`,
    "_pangolin_admin",
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n");
  const out = await new Deno.Command("bash", { args: ["--norc", "-c", program] }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout).split("\n").filter(Boolean).sort();
}

Deno.test({
  name: "bash completes revoke-tok to revoke-token and revoke-token-by-id, and each flag",
  ignore: !has("bash"),
  fn: async () => {
    const r = await run(["completions", "bash"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await bashComplete(r.stdout, ["pangolin-admin", "revoke-tok"]), [
      "revoke-token",
      "revoke-token-by-id",
      "revoke-tokens",
    ]);
    assert.deepEqual(await bashComplete(r.stdout, ["pangolin-admin", "revoke-token-by-id", "--"]), [
      "--ca-cert",
      "--help",
      "--id",
      "--json",
      "--profile",
      "--quiet",
      "--reason",
      "--show-secrets",
      "--tenant",
      "--timeout",
      "--url",
      "--wide",
    ]);
    // Global flags (with their values) before the command do not hide it.
    assert.deepEqual(
      await bashComplete(r.stdout, ["pangolin-admin", "-p", "ops", "login", "--pass"]),
      ["--password", "--password-stdin"],
    );
  },
});

Deno.test("every command of the tree is in every script", async () => {
  const help = await run(["--help"]);
  const commands = [...help.stdout.matchAll(/^ {2}([a-z][a-z-]+) {2,}/gm)].map((m) => m[1]);
  assert.ok(commands.includes("revoke-token-by-id") && commands.includes("completions"));
  for (const shell of ["bash", "zsh", "fish"]) {
    const r = await run(["completions", shell]);
    assert.equal(r.code, 0, r.stderr);
    for (const c of commands) assert.ok(r.stdout.includes(c), `${shell} lacks ${c}`);
  }
  const bad = await run(["completions", "powershell"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not one of bash, zsh, fish/);
});

Deno.test({
  name: "the zsh and fish scripts parse in their shells",
  ignore: !has("zsh") && !has("fish"),
  fn: async () => {
    for (const shell of ["zsh", "fish"]) {
      if (!has(shell)) continue;
      const r = await run(["completions", shell]);
      const dir = await Deno.makeTempDir();
      await Deno.writeTextFile(`${dir}/script`, r.stdout);
      const args = shell === "zsh" ? ["-n", `${dir}/script`] : ["--no-execute", `${dir}/script`];
      const out = await new Deno.Command(shell, { args }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    }
  },
});

Deno.test({
  name: "fish completes revoke-tok from its generated script",
  ignore: !has("fish"),
  fn: async () => {
    const r = await run(["completions", "fish"]);
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/script.fish`, r.stdout);
    const out = await new Deno.Command("fish", {
      args: [
        "--no-config",
        "-c",
        `source ${dir}/script.fish; complete -C 'pangolin-admin revoke-tok'`,
      ],
    }).output();
    const lines = new TextDecoder().decode(out.stdout).split("\n").filter(Boolean);
    assert.deepEqual(lines.map((l) => l.split("\t")[0]).sort(), [
      "revoke-token",
      "revoke-token-by-id",
      "revoke-tokens",
    ]);
  },
});
