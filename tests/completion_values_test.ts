/** Completion of values: profile names after -p/--profile, read from the config when asked. */
import assert from "node:assert/strict";
import { run, tempHome } from "./helpers.ts";

function has(shell: string): boolean {
  try {
    return new Deno.Command(shell, { args: ["-c", "true"], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** A HOME with three profiles (one named to run a command if a shell expanded it). */
async function homeWithProfiles(): Promise<{ home: string; bin: string; canary: string }> {
  const home = await tempHome();
  const canary = `${home}/expanded`;
  await Deno.mkdir(`${home}/.pangolin`, { mode: 0o700 });
  const profile = (user: string) => ({
    url: "http://127.0.0.1:9",
    username: user,
    token: `secret-token-of-${user}`,
  });
  await Deno.writeTextFile(
    `${home}/.pangolin/config`,
    JSON.stringify({
      profiles: {
        acme: profile("acme-admin"),
        "acme-staging": profile("ops"),
        default: profile("admin"),
        [`$(touch ${canary})`]: profile("x"),
      },
    }),
    { mode: 0o600 },
  );
  // The completion calls the tool by the name it was typed with (COMP_WORDS[0]).
  const bin = `${home}/pangolin-admin`;
  await Deno.writeTextFile(
    bin,
    `#!/bin/sh\nHOME='${home}' exec '${Deno.execPath()}' run -q -A '${MAIN}' "$@"\n`,
  );
  await Deno.chmod(bin, 0o755);
  return { home, bin, canary };
}

async function bashComplete(script: string, words: string[]): Promise<string[]> {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/completion.bash`, script);
  const program = [
    `source ${dir}/completion.bash`,
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
  name: "bash completes profile names after -p and --profile and for use-profile, never a token",
  ignore: !has("bash"),
  fn: async () => {
    const { home, bin, canary } = await homeWithProfiles();
    const script = (await run(["completions", "bash"], { home })).stdout;
    assert.deepEqual(await bashComplete(script, [bin, "-p", "acme"]), ["acme", "acme-staging"]);
    assert.deepEqual(await bashComplete(script, [bin, "whoami", "--profile", ""]), [
      "acme",
      "acme-staging",
      "default",
    ]);
    assert.deepEqual(await bashComplete(script, [bin, "use-profile", "d"]), ["default"]);
    assert.deepEqual(await bashComplete(script, [bin, "remove-profile", "acme-"]), [
      "acme-staging",
    ]);
    // Flags still complete where a flag is typed, and command names are untouched.
    assert.deepEqual(await bashComplete(script, [bin, "remove-profile", "--f"]), ["--force"]);
    assert.deepEqual(await bashComplete(script, [bin, "use-prof"]), ["use-profile"]);
    let expanded = true;
    try {
      await Deno.stat(canary);
    } catch {
      expanded = false;
    }
    assert.equal(expanded, false, "a profile name is never expanded by the shell");
  },
});

Deno.test("list-profiles --names prints only names a shell takes as one word, never a token", async () => {
  const { home } = await homeWithProfiles();
  const r = await run(["list-profiles", "--names"], { home });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "acme\nacme-staging\ndefault\n");
  assert.equal(r.stdout.includes("secret-token"), false);
});

Deno.test("the zsh and fish scripts read profile names from list-profiles --names", async () => {
  const zsh = (await run(["completions", "zsh"])).stdout;
  assert.match(
    zsh,
    /'--profile\[global flag --profile\]:profile:\{compadd -- \$\{\(f\)"\$\(\$words\[1\] list-profiles --names 2>\/dev\/null\)"\}\}'/,
  );
  assert.match(zsh, /^ {4}use-profile\) _arguments .* '1:profile:\{compadd/m);
  const fish = (await run(["completions", "fish"])).stdout;
  assert.match(
    fish,
    /^complete -c pangolin-admin -l profile -s p -r -a '\(pangolin-admin list-profiles --names 2>\/dev\/null\)'$/m,
  );
  assert.match(
    fish,
    /^complete -c pangolin-admin -n '__fish_seen_subcommand_from remove-profile' -a '\(pangolin-admin list-profiles --names 2>\/dev\/null\)'$/m,
  );
});

Deno.test({
  name: "fish completes profile names after -p from its generated script",
  ignore: !has("fish"),
  fn: async () => {
    const { home, bin } = await homeWithProfiles();
    const script = (await run(["completions", "fish"], { home })).stdout;
    const dir = await Deno.makeTempDir();
    await Deno.writeTextFile(`${dir}/script.fish`, script);
    const out = await new Deno.Command("fish", {
      args: [
        "--no-config",
        "-c",
        `source ${dir}/script.fish; complete -C 'pangolin-admin -p acme'`,
      ],
      env: { PATH: `${home}:${Deno.env.get("PATH")}` },
    }).output();
    const lines = new TextDecoder().decode(out.stdout).split("\n").filter(Boolean);
    assert.ok(bin.endsWith("/pangolin-admin"));
    assert.deepEqual(lines.map((l) => l.split("\t")[0]).sort(), ["acme", "acme-staging"]);
  },
});
