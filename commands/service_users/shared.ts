/** Pieces shared by the service-user verbs: showing a new key once, and the record table. */
import type { ApiKeyResponse, ServiceUser } from "../../lib/api/service_users.ts";
import type { Context } from "../../lib/context.ts";
import { type Column, formatDate, note, say, table } from "../../lib/output.ts";

/** Flags for writing a new key to a file instead of the terminal. */
export const keyFileFlags = {
  keyFile: {
    kind: "parsed",
    parse: String,
    optional: true,
    brief: "Write the API key to this new 0600 file; print only the path",
    placeholder: "path",
  },
  force: { kind: "boolean", optional: true, brief: "Replace an existing --key-file" },
} as const;

/**
 * Prints a freshly issued key once, with the two environment lines a cron job needs, or writes
 * it to a 0600 file and prints only the path. Returns what --json should carry.
 */
export async function deliverKey(
  ctx: Context,
  issued: ApiKeyResponse,
  keyFile: string | undefined,
  force: boolean | undefined,
): Promise<Record<string, unknown>> {
  if (keyFile) await ctx.writeSecretFile(keyFile, issued.api_key + "\n", !!force);
  const { api_key, ...record } = issued;
  if (ctx.globals.json) return keyFile ? { ...record, key_file: keyFile } : { ...record, api_key };
  say(ctx, `Service user ID: ${issued.id}`);
  if (keyFile) {
    say(ctx, `API key written to ${keyFile}`);
    say(ctx, "");
    say(ctx, "For a cron job:");
    say(ctx, `PANGOLIN_CLIENT_ID=${issued.id}`);
    say(ctx, `PANGOLIN_API_KEY="$(cat ${keyFile})"`);
  } else {
    say(ctx, "");
    say(ctx, "For a cron job (the API key is in the second line):");
    say(ctx, `PANGOLIN_CLIENT_ID=${issued.id}`);
    say(ctx, `PANGOLIN_API_KEY=${api_key}`);
    note(ctx, "Warning: save the API key now; it cannot be shown again.");
  }
  return {};
}

/** The record without its key hash: a hash of a secret is not for printing. */
export function withoutHash(user: ServiceUser): Omit<ServiceUser, "api-key-hash"> {
  const { "api-key-hash": _hash, ...rest } = user;
  return rest;
}

/** A table of service-user records (kebab-case fields, as list and get return them). */
export function serviceUserTable(users: readonly ServiceUser[]): string {
  const columns: Column<ServiceUser>[] = [
    { header: "ID", cell: (u) => u.id },
    { header: "Name", cell: (u) => u.name },
    { header: "Role", cell: (u) => u.role },
    { header: "Active", cell: (u) => (u.active ? "yes" : "no") },
    { header: "Created At", cell: (u) => formatDate(u["created-at"]) },
    {
      header: "Expires At",
      cell: (u) => (u["expires-at"] ? formatDate(u["expires-at"]) : "never"),
    },
    { header: "Last Used", cell: (u) => (u["last-used"] ? formatDate(u["last-used"]) : "never") },
  ];
  return table(users, columns);
}
