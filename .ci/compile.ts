/**
 * `deno task compile`: one self-contained pangolin-admin per OS in dist/, named
 * pangolin-admin-<version>-<target>[.exe], and a SHA256SUMS file beside them. Every binary gets
 * the `cli` permission set of deno.json (the same one `deno task cli` runs with).
 */

/** The targets a release ships. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

const ROOT = new URL("../", import.meta.url);

/** The command modules, loaded by computed specifiers, so compile must be told of them. */
export function commandModules(): string[] {
  const out: string[] = [];
  const walk = (dir: URL, rel: string) => {
    for (const e of [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory) walk(new URL(`${e.name}/`, dir), `${rel}${e.name}/`);
      else if (e.name.endsWith(".ts")) out.push(`${rel}${e.name}`);
    }
  };
  walk(new URL("commands/", ROOT), "commands/");
  return out;
}

/** The file name of a target's binary. */
export function binaryName(version: string, target: string): string {
  return `pangolin-admin-${version}-${target}${target.includes("windows") ? ".exe" : ""}`;
}

/** The `deno compile` arguments for one target. */
export function compileArgs(version: string, target: string, modules: string[]): string[] {
  return [
    "compile",
    "-q",
    "-P=cli",
    "--no-prompt",
    "--target",
    target,
    ...modules.flatMap((m) => ["--include", m]),
    "--output",
    `dist/${binaryName(version, target)}`,
    "main.ts",
  ];
}

async function sha256(path: URL): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function main(only: string[]): Promise<number> {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const version: string = config.version;
  const targets = only.length > 0 ? only : [...TARGETS];
  for (const t of targets) {
    if (!(TARGETS as readonly string[]).includes(t)) {
      console.error(`unknown target ${t}; one of ${TARGETS.join(", ")}`);
      return 2;
    }
  }
  await Deno.mkdir(new URL("dist/", ROOT), { recursive: true });
  const modules = commandModules();
  const sums: string[] = [];
  for (const target of targets) {
    console.error(`compiling ${binaryName(version, target)}`);
    const out = await new Deno.Command(Deno.execPath(), {
      args: compileArgs(version, target, modules),
      cwd: ROOT,
    }).spawn().status;
    if (!out.success) {
      console.error(`deno compile failed for ${target}`);
      return 1;
    }
    const name = binaryName(version, target);
    sums.push(`${await sha256(new URL(`dist/${name}`, ROOT))}  ${name}`);
  }
  await Deno.writeTextFile(new URL("dist/SHA256SUMS", ROOT), sums.join("\n") + "\n");
  console.error(`wrote dist/SHA256SUMS (${sums.length} binaries)`);
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
