import { buildCommand } from "@stricli/core";
import {
  type ApiKeyResponse,
  listServiceUsers,
  rotateServiceUserKey,
} from "../../lib/api/service_users.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { messageFor } from "../../lib/cli.ts";
import { mapBounded } from "../../lib/concurrency.ts";
import type { Context } from "../../lib/context.ts";
import { optionalUuidFlag } from "../../lib/flags.ts";
import { ApiError, CommandFailure, UsageError } from "../../lib/errors.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { deliverKey, keyFileFlags } from "./shared.ts";

interface Flags {
  id?: string;
  all?: boolean;
  keyFile?: string;
  force?: boolean;
}

const SQL_BACKEND_HINT = "this server's backend cannot rotate keys (rotation fails with 500 on " +
  "the SQL backends); create a new service user, move the job to it, then delete the old one";

/** The server's 500 on rotation is a known backend limit; say so instead of a bare 500. */
function explain(err: unknown): unknown {
  if (err instanceof ApiError && err.status === 500) {
    return new ApiError(err.what, err.status, err.serverMessage, {
      ...err.options,
      hint: SQL_BACKEND_HINT,
    });
  }
  return err;
}

/** `rotate-service-user-key`: a new API key for one service user, or for all of them. */
export const rotateServiceUserKeyCommand = buildCommand({
  docs: {
    brief: "Rotate a service user's API key, or every one with --all (admin)",
    fullDescription: [
      "Issues a new key and shows it once; the old key stops working at once. With --all, every",
      "service user of the tenant is rotated and the new keys are printed as one JSON array",
      "(an object per user) for the weekly-rotation job; failures are listed on stderr and make",
      "the exit code non-zero.",
      "",
      "Examples:",
      "  pangolin-admin rotate-service-user-key --id c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
      "  pangolin-admin rotate-service-user-key --all > new-keys.json",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: optionalUuidFlag("Service user id (UUID)"),
      all: { kind: "boolean", optional: true, brief: "Rotate every service user of the tenant" },
      ...keyFileFlags,
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    if (!!flags.id === !!flags.all) throw new UsageError("Pass either --id <uuid> or --all");
    if (flags.all && flags.keyFile) throw new UsageError("--key-file goes with --id, not --all");
    const { api } = await connect(this);
    if (flags.all) return await rotateAll(this, api);
    let issued: ApiKeyResponse;
    try {
      issued = await rotateServiceUserKey(api, flags.id!);
    } catch (err) {
      throw explain(err);
    }
    if (!this.globals.json) say(this, `✅ API key of service user ${issued.name} rotated`);
    const json = await deliverKey(this, issued, flags.keyFile, flags.force);
    if (this.globals.json) printJson(this, json);
  },
});

async function rotateAll(ctx: Context, api: ApiClient): Promise<void> {
  const users = await listServiceUsers(api, { all: true });
  // One at a time: a rotation is a write, and a backend that fails fails for all of them.
  const outcomes = await mapBounded(users, 1, (u) => rotateServiceUserKey(api, u.id));
  const rotated = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
  printJson(
    ctx,
    rotated.map((k) => ({ id: k.id, name: k.name, role: k.role, api_key: k.api_key })),
  );
  const failed = outcomes.filter((o) => !o.ok);
  for (const f of failed) {
    if (!f.ok) {
      note(ctx, `Failed to rotate ${f.item.name} (${f.item.id}):`);
      note(ctx, messageFor(explain(f.error)));
    }
  }
  note(ctx, `Rotated ${rotated.length} of ${users.length} service users.`);
  if (failed.length > 0) {
    throw new CommandFailure(`${failed.length} of ${users.length} keys were not rotated.`);
  }
}
