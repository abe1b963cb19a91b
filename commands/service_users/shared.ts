/** Pieces shared by the service-user verbs: showing a new key once, and the record table. */
import type { ApiKeyResponse, ServiceUser } from "../../lib/api/service_users.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { type Block, type Column, printJson, say, table, warn } from "../../lib/output.ts";
import { type SecretFileClaim, storeSecret } from "../../lib/secret_file.ts";

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

/** Claims --key-file before the request that mints the key (nothing is sent if it cannot be). */
export async function claimKeyFile(
  ctx: Context,
  keyFile: string | undefined,
  force: boolean | undefined,
): Promise<SecretFileClaim | undefined> {
  return keyFile === undefined ? undefined : await ctx.claimSecretFile(keyFile, !!force);
}

/**
 * Shows a freshly issued key once, with the two environment lines a cron job needs, or writes
 * it to the claimed 0600 file and prints only the path (`--json`: one document either way). A
 * key that cannot be written after all is shown on stdout instead, and the run ends with exit 1.
 */
export async function deliverKey(
  ctx: Context,
  issued: ApiKeyResponse,
  claim: SecretFileClaim | undefined,
): Promise<void> {
  const failure = claim ? await storeSecret(claim, issued.api_key + "\n") : undefined;
  const keyFile = claim && !failure ? claim.path : undefined;
  const { api_key, ...record } = issued;
  if (ctx.globals.json) {
    printJson(ctx, keyFile ? { ...record, key_file: keyFile } : { ...record, api_key });
  } else {
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
      if (!failure) warn(ctx, "Warning: save the API key now; it cannot be shown again.");
    }
  }
  if (claim && failure) {
    throw new CommandFailure(
      `Could not write the API key to ${claim.path} (${failure}); it is printed on stdout ` +
        "instead: save it now, it cannot be shown again.",
    );
  }
}

/** The record without its key hash: a hash of a secret is not for printing. */
export function withoutHash(user: ServiceUser): Omit<ServiceUser, "api-key-hash"> {
  const { "api-key-hash": _hash, ...rest } = user;
  return rest;
}

/** A table of service-user records (kebab-case fields, as list and get return them). */
export function serviceUserTable(ctx: Context, users: readonly ServiceUser[]): Block {
  const columns: Column<ServiceUser>[] = [
    { header: "ID", kind: "id", cell: (u) => u.id },
    { header: "Name", cell: (u) => u.name },
    { header: "Role", cell: (u) => u.role },
    { header: "Active", cell: (u) => (u.active ? "yes" : "no") },
    { header: "Created At", kind: "time", cell: (u) => u["created-at"] },
    {
      header: "Expires At",
      kind: "time",
      cell: (u) => u["expires-at"] || "never",
    },
    { header: "Last Used", kind: "time", cell: (u) => u["last-used"] || "never" },
  ];
  return table(ctx, users, columns);
}
