/**
 * The local trail for air-gapped hosts: every command that changed something on the server
 * appends one JSON line (time, profile, user, command, target ids, requests, result) to
 * ~/.pangolin/audit.log (0600). PANGOLIN_AUDIT_LOG names another file, or `off`. Never a
 * secret: no request bodies, no arguments, no tokens; paths carry only ids and names.
 */
import type { Context } from "./context.ts";
import { ConfigError } from "./errors.ts";
import { dirOf, openChecked, openOwnForWrite, trustFile, trustFolder } from "./file_trust.ts";
import { warn } from "./output.ts";

/** A state-changing request the API client made during this run. */
export interface WriteRecord {
  method: string;
  path: string;
  /** The reply's status; 0 when no reply came. */
  status: number;
}

/** One line of the trail. */
export interface AuditEntry {
  time: string;
  profile: string;
  user: string | null;
  command: string;
  targets: string[];
  requests: string[];
  result: "ok" | "failed";
  exit_code: number;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Where the trail goes, or null when it is off. With no home folder and no PANGOLIN_AUDIT_LOG
 * there is nowhere to keep it: a ConfigError, never a file in the current folder.
 */
export function auditLogPath(env: Readonly<Record<string, string | undefined>>): string | null {
  const named = env.PANGOLIN_AUDIT_LOG;
  if (named === "off") return null;
  if (named) return named;
  const windows = Deno.build.os === "windows";
  const home = windows ? env.USERPROFILE ?? env.HOME : env.HOME;
  if (!home) {
    throw new ConfigError(
      "HOME is not set, so there is no audit log (~/.pangolin/audit.log); set HOME, or " +
        "PANGOLIN_AUDIT_LOG to a file (or off)",
    );
  }
  const sep = windows ? "\\" : "/";
  return `${home}${sep}.pangolin${sep}audit.log`;
}

/**
 * Checks, before a command sends anything, that its audit line will have a trusted place to
 * go: the folder and the file (when they exist) are the user's own. Refuses with exit 1.
 */
export async function checkAuditLog(
  ctx: Pick<Context, "env" | "io"> & { config?: { trusted: Set<string> } },
): Promise<void> {
  const path = auditLogPath(ctx.env);
  if (!path) return;
  if (await trustFolder(dirOf(path), "the audit log's folder", false, ctx.config?.trusted)) {
    await trustFile(path, "the audit log", ctx.io.stderr);
  }
}

/** Builds the line for a run that made `writes`. */
export function auditEntry(
  ctx: Context,
  command: string,
  writes: readonly WriteRecord[],
  exitCode: number,
): AuditEntry {
  const targets = new Set<string>();
  for (const w of writes) {
    for (const id of decodeURIComponent(w.path).match(UUID) ?? []) targets.add(id.toLowerCase());
  }
  return {
    time: ctx.now().toISOString(),
    profile: String(
      ctx.state.profile ?? ctx.globals.profile ?? ctx.env.PANGOLIN_PROFILE ?? "default",
    ),
    user: typeof ctx.state.user === "string" ? ctx.state.user : null,
    command,
    targets: [...targets],
    requests: writes.map((w) => `${w.method} ${w.path} ${w.status}`),
    result: exitCode === 0 ? "ok" : "failed",
    exit_code: exitCode,
  };
}

/** Appends one line; a trail that cannot be written is a warning, never a failed command. */
export async function appendAuditLine(ctx: Context, entry: AuditEntry): Promise<void> {
  let path: string | null = null;
  try {
    path = auditLogPath(ctx.env);
    if (!path) return;
    await trustFolder(dirOf(path), "the audit log's folder", true, ctx.config?.trusted);
    const file = await openOwnForWrite(path, "the audit log", { append: true }, ctx.io.stderr);
    try {
      // One write of a whole line in append mode: concurrent runs do not interleave lines.
      await file.write(new TextEncoder().encode(JSON.stringify(entry) + "\n"));
    } finally {
      file.close();
    }
  } catch (err) {
    warn(
      ctx,
      `Warning: could not append to the audit log${path ? ` ${path}` : ""}: ` +
        `${(err as Error).message}`,
    );
  }
}

/** The trail's text, read only from a trusted file; empty when there is none. */
async function readTrail(ctx: Context): Promise<string> {
  const path = auditLogPath(ctx.env);
  if (
    !path || !(await trustFolder(dirOf(path), "the audit log's folder", false, ctx.config?.trusted))
  ) {
    return "";
  }
  const checked = await trustFile(path, "the audit log", ctx.io.stderr);
  if (!checked) return "";
  const file = await openChecked(path, "the audit log", checked, { read: true });
  return await new Response(file.readable).text();
}

/** The service users whose keys this host rotated, with the last time (from the trail). */
export async function lastKeyRotations(ctx: Context): Promise<Map<string, Date>> {
  const rotations = new Map<string, Date>();
  const text = await readTrail(ctx);
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as AuditEntry;
      for (const req of entry.requests ?? []) {
        const m = req.match(/^POST \/api\/v1\/service-users\/([0-9a-f-]{36})\/rotate 200$/i);
        if (!m) continue;
        const when = new Date(entry.time);
        const id = m[1].toLowerCase();
        const prev = rotations.get(id);
        if (!prev || prev < when) rotations.set(id, when);
      }
    } catch {
      // A damaged line is skipped, not fatal: the trail is append-only and shared by runs.
    }
  }
  return rotations;
}
