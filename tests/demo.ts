/**
 * `deno task demo`: starts a server on a free loopback port and runs the token-management
 * workflows through the real CLI, printing each command and its output. The server is the
 * bundled test double, or, with `--real` or `PANGOLIN_SERVER_BIN` set, the real Pangolin
 * server (`tests/real/harness.ts`), seeded through its API and stopped at the end, also when
 * a step fails. Nothing here touches a Pangolin deployment.
 */
import { childEnv } from "./helpers.ts";
import { realServerBinary, seed, startRealServer } from "./real/harness.ts";
import { SEED, startServer } from "./server/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Where the transcript goes: stdout for `deno task demo`, a buffer in the demo test. */
export type Print = (text: string) => void;

const toStdout: Print = (text) => void Deno.stdout.writeSync(encoder.encode(text));
const toStderr: Print = (text) => void Deno.stderr.writeSync(encoder.encode(text));

/** Which server the demo runs against. */
export type TargetKind = "double" | "real";

/** A running server and the fixtures the workflows use. */
interface Target {
  url: string;
  pid?: number;
  /** What the first lines of the transcript say about the server. */
  banner: string[];
  tenantName: string;
  tenantId: string;
  tenantAdmin: { username: string; password: string };
  user: { id: string; username: string };
  /** Checks at the end of a green run (the double: every request was routed). */
  check(): void;
  close(): Promise<void>;
}

async function doubleTarget(): Promise<Target> {
  const server = await startServer();
  return {
    url: server.url,
    banner: [
      `Pangolin-compatible test server on ${server.url} (a test double, seeded with`,
      `root admin/password, tenant ${SEED.tenantName} ${SEED.tenantId},`,
      `tenant admin ${SEED.tenantAdmin.username}, user ${SEED.user.username} ${SEED.user.id})`,
    ],
    tenantName: SEED.tenantName,
    tenantId: SEED.tenantId,
    tenantAdmin: SEED.tenantAdmin,
    user: SEED.user,
    check: () => server.assertAllRouted(),
    close: () => server.close(),
  };
}

async function realTarget(): Promise<Target> {
  const server = await startRealServer();
  try {
    const f = await seed(server);
    return {
      url: server.url,
      pid: server.pid,
      banner: [
        `The real Pangolin server on ${server.url} (${server.binary}, seeded through its API`,
        `with root admin/password, tenant ${f.tenantName} ${f.tenantId},`,
        `tenant admin ${f.tenantAdmin.username}, user ${f.user.username} ${f.user.id})`,
      ],
      tenantName: f.tenantName,
      tenantId: f.tenantId,
      tenantAdmin: f.tenantAdmin,
      user: f.user,
      check: () => {},
      close: () => server.close(),
    };
  } catch (err) {
    await server.close();
    throw err;
  }
}

/**
 * The server `deno task demo` uses: the real one with `--real` or `PANGOLIN_SERVER_BIN`, else
 * the double. Undefined with the reason when the real one is asked for and cannot be found.
 */
export function chooseTarget(
  args: readonly string[],
  repoRoot?: URL,
): { kind: TargetKind } | { kind?: undefined; error: string } {
  const unknown = args.filter((a) => a !== "--real");
  if (unknown.length > 0) return { error: `demo: unknown argument ${unknown[0]} (only --real)` };
  const wanted = args.includes("--real") || !!Deno.env.get("PANGOLIN_SERVER_BIN");
  if (!wanted) return { kind: "double" };
  let lookup;
  try {
    lookup = realServerBinary(repoRoot);
  } catch (err) {
    return { error: `demo (real server): ${(err as Error).message}` };
  }
  if (!lookup.found) return { error: `demo (real server): no binary: ${lookup.reason}` };
  return { kind: "real" };
}

/** How the demo test watches a run. */
export interface DemoOptions {
  target?: TargetKind;
  /** Told the server's pid once it runs (the real server only). */
  onStart?: (pid: number | undefined) => void;
}

interface Step {
  argv: string[];
  stdin?: string;
  env?: Record<string, string>;
  /** Shown instead of the real values (so the transcript reads like a runbook). */
  shownEnv?: string;
  /** Where the step's stdin comes from, as a person would write it. */
  shownStdin?: string;
}

async function cli(
  print: Print,
  home: string,
  url: string,
  step: Step,
): Promise<{ code: number; out: string }> {
  const shown = [
    step.shownEnv ?? "",
    step.shownStdin ? `${step.shownStdin} | ` : "",
    "pangolin-admin ",
    step.argv.map((a) => (/[\s'"$]/.test(a) ? `'${a}'` : a)).join(" "),
  ].join("");
  print(`\n$ ${shown}\n`);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "--no-prompt", "-P=cli", `${ROOT}main.ts`, ...step.argv],
    env: childEnv({ HOME: home, PANGOLIN_URL: url, ...step.env }),
    clearEnv: true,
    stdin: step.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (step.stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(step.stdin));
    await w.close();
  }
  const result = await child.output();
  const out = decoder.decode(result.stdout);
  const err = decoder.decode(result.stderr);
  if (out) print(out);
  if (err) {
    const shown = err.trimEnd().replace(/^/gm, "  [stderr] ") + "\n";
    print(shown);
  }
  if (result.code !== 0) print(`  [exit ${result.code}]\n`);
  return { code: result.code, out };
}

function expect(ok: boolean, what: string): void {
  if (!ok) throw new Error(`demo step failed: ${what}`);
}

/** Runs the demo; returns 0 when every step behaved as the contract says. */
export async function demo(print: Print = toStdout, options: DemoOptions = {}): Promise<number> {
  const say = (line: string) => print(line + "\n");
  const target = options.target === "real" ? await realTarget() : await doubleTarget();
  options.onStart?.(target.pid);
  const fx = target;
  const url = target.url;
  let home = "";
  let cronHome = "";
  try {
    home = await Deno.makeTempDir({ prefix: "pangolin-demo-" });
    cronHome = await Deno.makeTempDir({ prefix: "pangolin-demo-cron-" });
    for (const line of target.banner) say(line);
    say(`HOME=${home}   PANGOLIN_URL=${url}`);
    const step = (s: Step) => cli(print, home, url, s);
    say("\n# 1. Root logs in (password piped, as from cron) and looks around");
    expect(
      (await step({
        argv: ["login", "--username", "admin", "--password-stdin"],
        stdin: "password\n",
        shownStdin: "cat ~/.pangolin-password",
      })).code === 0,
      "root login",
    );
    await step({ argv: ["whoami"] });
    await step({ argv: ["use", fx.tenantName] });
    expect((await step({ argv: ["list-catalogs"] })).code === 0, "list-catalogs");

    say(`\n# 2. The ${fx.tenantName} tenant admin mints a token per device for alice`);
    await step({
      argv: [
        "login",
        "-p",
        "acme",
        "-u",
        fx.tenantAdmin.username,
        "-t",
        fx.tenantId,
        "--password-stdin",
      ],
      stdin: fx.tenantAdmin.password,
      shownStdin: "cat ~/.acme-admin-password",
    });
    const ids: string[] = [];
    for (const device of ["desktop", "laptop", "ci"]) {
      const r = await step({
        argv: [
          "create-token",
          "-p",
          "acme",
          "--tenant-id",
          fx.tenantId,
          "--username",
          "alice",
          "--token-file",
          `${home}/alice-${device}.token`,
        ],
      });
      const id = r.out.match(/^Token ID: +(\S+)$/m)?.[1];
      expect(!!id, `create-token for ${device}`);
      ids.push(id!);
    }
    const listed = await step({
      argv: ["list-user-tokens", "-p", "acme", "--user-id", fx.user.id],
    });
    expect(ids.every((id) => listed.out.includes(id)), "all three tokens listed");

    say("\n# 3. The laptop is lost: revoke its token; then alice leaves: end the rest");
    expect(
      (await step({ argv: ["revoke-token-by-id", "-p", "acme", "--id", ids[1]] })).code === 0,
      "revoke-token-by-id",
    );
    expect(
      (await step({
        argv: ["revoke-user-tokens", "-p", "acme", "--user-id", fx.user.id, "--yes"],
      }))
        .code === 0,
      "revoke-user-tokens",
    );

    say("\n# 4. Automation: a service user, and a cron job that uses its key");
    const su = await step({
      argv: [
        "create-service-user",
        "-p",
        "acme",
        "--name",
        "nightly-report",
        "--role",
        "tenant-admin",
      ],
    });
    const clientId = su.out.match(/^PANGOLIN_CLIENT_ID=(\S+)$/m)?.[1];
    const apiKey = su.out.match(/^PANGOLIN_API_KEY=(\S+)$/m)?.[1];
    expect(!!clientId && !!apiKey, "create-service-user");
    const cron = await cli(print, cronHome, url, {
      argv: ["list-catalogs"],
      env: { PANGOLIN_CLIENT_ID: clientId!, PANGOLIN_API_KEY: apiKey! },
      shownEnv: "PANGOLIN_CLIENT_ID=$ID PANGOLIN_API_KEY=$KEY ",
    });
    expect(cron.code === 0, "cron-style call with the service user's key");

    say("\n# 5. End of work: revoke the session tokens; the next command says to log in");
    expect((await step({ argv: ["revoke-token", "-p", "acme"] })).code === 0, "revoke-token acme");
    expect((await step({ argv: ["revoke-token"] })).code === 0, "revoke-token root");
    expect((await step({ argv: ["list-catalogs"] })).code === 3, "exit 3 after logout");
    target.check();
    say("\nDemo finished: every step behaved as expected.");
    return 0;
  } catch (err) {
    say(`\n${(err as Error).message}`);
    return 1;
  } finally {
    await target.close();
    for (const dir of [home, cronHome]) {
      if (dir) await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  }
}

if (import.meta.main) {
  const choice = chooseTarget(Deno.args);
  if (!choice.kind) {
    toStderr(choice.error + "\n");
    Deno.exit(2);
  }
  Deno.exit(await demo(toStdout, { target: choice.kind }));
}
