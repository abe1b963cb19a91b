import { defineCommand } from "../../lib/command.ts";
import { listServiceUsers, rotateServiceUserKey } from "../../lib/api/service_users.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { messageFor } from "../../lib/cli.ts";
import { mapBounded } from "../../lib/concurrency.ts";
import type { Context } from "../../lib/context.ts";
import { optionalRefFlag, yesFlag } from "../../lib/flags.ts";
import { label, resolveById, type ResolvedById } from "../../lib/resolve.ts";
import { mintInto } from "../../lib/secret_file.ts";
import { ApiError, CommandFailure, UsageError } from "../../lib/errors.ts";
import { note, printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { claimKeyFile, deliverKey, keyFileFlags } from "./shared.ts";

interface Flags {
  id?: string;
  all?: boolean;
  dryRun?: boolean;
  yes?: boolean;
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
export const rotateServiceUserKeyCommand = defineCommand({
  docs: {
    brief: "Rotate a service user's API key, or every one with --all (admin)",
    fullDescription: [
      "Issues a new key and shows it once; the old key stops working at once. With --all, every",
      "service user of the tenant is rotated and the new keys are printed as one JSON array",
      "(an object per user) for the weekly-rotation job; failures are listed on stderr and make",
      "the exit code non-zero. --all --dry-run lists who would be rotated and changes nothing;",
      "on a terminal --all asks first (--yes skips the question); from cron (no terminal) it",
      "rotates without asking.",
      "",
      "Examples:",
      "  pangolin-admin rotate-service-user-key --id nightly-report --key-file ./report.key",
      "  pangolin-admin rotate-service-user-key --id c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f",
      "  pangolin-admin rotate-service-user-key --all --dry-run",
      "  pangolin-admin rotate-service-user-key --all > new-keys.json",
    ].join("\n"),
  },
  parameters: {
    flags: {
      id: optionalRefFlag("Service user: name or id", "service-user"),
      all: { kind: "boolean", optional: true, brief: "Rotate every service user of the tenant" },
      dryRun: {
        kind: "boolean",
        optional: true,
        brief: "With --all: list who would be rotated, change nothing",
      },
      yes: { ...yesFlag, brief: "With --all on a terminal: rotate without asking" },
      ...keyFileFlags,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    if (!!flags.id === !!flags.all) throw new UsageError("Pass either --id <name|id> or --all");
    if (flags.all && flags.keyFile !== undefined) {
      throw new UsageError("--key-file goes with --id, not --all");
    }
    if (flags.dryRun && !flags.all) throw new UsageError("--dry-run goes with --all");
    if (flags.all) {
      const { api } = await connect(this);
      return await rotateAll(this, api, flags);
    }
    const claim = await claimKeyFile(this, flags.keyFile, flags.force);
    let target: ResolvedById | undefined;
    const issued = await mintInto(claim, async () => {
      const { session, api } = await connect(this);
      target = await resolveById(api, session, "service user", flags.id!);
      try {
        return await rotateServiceUserKey(api, target.id);
      } catch (err) {
        throw explain(err);
      }
    });
    if (!this.globals.json) {
      const shown = target ? label({ ...target, name: issued.name }) : issued.name;
      say(this, `✅ API key of service user ${shown} rotated`);
    }
    await deliverKey(this, issued, claim);
  },
});

async function rotateAll(ctx: Context, api: ApiClient, flags: Flags): Promise<void> {
  const users = await listServiceUsers(api, { all: true });
  if (flags.dryRun) {
    if (ctx.globals.json) {
      printJson(ctx, {
        would_rotate: users.map((u) => ({ id: u.id, name: u.name, role: u.role })),
      });
      return;
    }
    if (users.length === 0) {
      say(ctx, "No service users to rotate.");
      return;
    }
    say(ctx, `Would rotate the API keys of ${users.length} service users:`);
    for (const u of users) say(ctx, `  ${u.name} (${u.id})`);
    return;
  }
  // Cron runs this with no terminal and keeps working unasked; a person at one is asked first.
  if (users.length > 0 && ctx.prompter.interactive && !flags.yes) {
    const named = users.slice(0, 5).map((u) => `${u.name} (${u.id})`).join(", ");
    const more = users.length > 5 ? ` and ${users.length - 5} more` : "";
    const question = `Rotate the API keys of ${users.length} service users: ${named}${more}? ` +
      "Their old keys stop working at once.";
    if (!(await ctx.prompter.confirm(question))) {
      throw new CommandFailure("Nothing was rotated (not confirmed).", 1);
    }
  }
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
