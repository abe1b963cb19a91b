/**
 * The CLI as a subprocess against a real server: one HOME per person, the server's URL in
 * PANGOLIN_URL, and assertions that read the server's state back through its API.
 */
import assert from "node:assert/strict";
import { runProcess, type RunResult, tempHome } from "../helpers.ts";
import type { RealContext, RealServer } from "./harness.ts";

/** Someone at a shell: a HOME of their own, talking to one server. */
export interface Shell {
  home: string;
  run(argv: string[], options?: { env?: Record<string, string>; stdin?: string }): Promise<
    RunResult
  >;
}

/** A new HOME whose commands go to `server`. */
export async function shell(server: RealServer): Promise<Shell> {
  const home = await tempHome();
  return {
    home,
    run: (argv, options = {}) =>
      runProcess(argv, {
        home,
        env: { PANGOLIN_URL: server.url, PANGOLIN_AUDIT_LOG: "off", ...options.env },
        stdin: options.stdin,
      }),
  };
}

/** Asserts the exit code, showing both streams when it differs. */
export function exits(result: RunResult, code: number): RunResult {
  assert.equal(
    result.code,
    code,
    `exit ${result.code}, expected ${code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`,
  );
  return result;
}

/** The first line of a stream. */
export function firstLine(text: string): string {
  return text.split("\n")[0];
}

/** A `Key: value` line's value from human output (e.g. `Token ID`). */
export function field(text: string, key: string): string {
  const line = text.split("\n").find((l) => l.startsWith(`${key}:`));
  assert.ok(line, `no "${key}:" line in:\n${text}`);
  return line.slice(key.length + 1).trim();
}

/** Logs `who` in with the password on stdin, optionally into a tenant and a profile. */
export async function login(
  sh: Shell,
  username: string,
  password: string,
  options: { tenantId?: string; profile?: string } = {},
): Promise<RunResult> {
  const argv = ["login", "-u", username, "--password-stdin"];
  if (options.tenantId) argv.push("--tenant-id", options.tenantId);
  if (options.profile) argv.push("-p", options.profile);
  const result = exits(await sh.run(argv, { stdin: password + "\n" }), 0);
  assert.equal(firstLine(result.stdout), `✅ Logged in successfully as ${username}`);
  return result;
}

/** The status the server gives `token` on an authenticated route (200 accepted, 401 not). */
export async function tokenStatus(server: RealServer, token: string): Promise<number> {
  return (await server.request("GET", "/api/v1/users/me", { token })).status;
}

/** The saved token of a profile in a HOME. */
export async function savedToken(home: string, profile = "default"): Promise<string> {
  const config = JSON.parse(await Deno.readTextFile(`${home}/.pangolin/config`));
  const token = config.profiles?.[profile]?.token;
  assert.equal(typeof token, "string", `no saved token in profile ${profile}`);
  return token;
}

/** The ids of a user's tokens as the server lists them to `adminToken`. */
export async function listedTokenIds(
  server: RealServer,
  adminToken: string,
  userId: string,
): Promise<string[]> {
  const reply = await server.request("GET", `/api/v1/users/${userId}/tokens`, {
    token: adminToken,
  });
  assert.equal(reply.status, 200, reply.text);
  return (reply.json as Array<{ id: string }>).map((t) => t.id).sort();
}

/** GET `path` as `token` and the JSON body; fails unless the server answers 200. */
export async function fetchJson<T = unknown>(
  server: RealServer,
  token: string,
  path: string,
): Promise<T> {
  const reply = await server.request("GET", path, { token });
  assert.equal(reply.status, 200, `GET ${path}: ${reply.status} ${reply.text}`);
  return reply.json as T;
}

/** The names of the items a listing route returns to `token`, sorted. */
export async function listedNames(
  server: RealServer,
  token: string,
  path: string,
): Promise<string[]> {
  return (await fetchJson<Array<{ name: string }>>(server, token, path)).map((x) => x.name)
    .sort();
}

/** A new HOME logged in as the seeded tenant admin (the set-up most tier tests start with). */
export async function tenantAdminShell(ctx: RealContext): Promise<Shell> {
  const sh = await shell(ctx.server);
  const { tenantAdmin, tenantId } = ctx.fixtures;
  await login(sh, tenantAdmin.username, tenantAdmin.password, { tenantId });
  return sh;
}
