import { defineCommand } from "../../lib/command.ts";
import { collect } from "../../lib/api/client.ts";
import type { TokenInfo } from "../../lib/api/tokens.ts";
import { getUser } from "../../lib/api/users.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { reasonFlag, refFlag, yesFlag } from "../../lib/flags.ts";
import { note, printJson, say, warn } from "../../lib/output.ts";
import { label, named, resolveById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import {
  confirmRevocation,
  CURRENT_LEGEND,
  currentTokenId,
  failureCode,
  markCurrent,
  sayOwnSession,
  selectedTokens,
  selector,
  type SelectorFlags,
  selectorFlags,
  StreamingRevoker,
} from "./revocation.ts";
import { LOGIN_SESSIONS_NOTE, tokenTable } from "./shared.ts";

interface Flags extends SelectorFlags {
  userId: string;
  exceptCurrent?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  reason?: string;
}

const NIL_TENANT = "00000000-0000-0000-0000-000000000000";

/** `revoke-user-tokens`: ends every listed session of a user in one command. */
export const revokeUserTokensCommand = defineCommand({
  docs: {
    brief: "Revoke all listed tokens of a user (admin)",
    fullDescription: [
      "Lists the user's recorded tokens, then revokes each (in parallel, bounded). Asks to",
      "confirm on a terminal; without one, --yes is required. Sessions from login are not",
      "listed by the server and stay valid until they expire (at most 24 h).",
      "",
      "Examples:",
      "  pangolin-admin revoke-user-tokens --user-id alice --dry-run",
      "  pangolin-admin revoke-user-tokens --user-id 3f0c2a7e-5b1d-4c8e-9a63-2d7f1e0b4c55 --yes",
      "  pangolin-admin revoke-user-tokens --user-id <uuid> --older-than 30d --yes",
    ].join("\n"),
  },
  parameters: {
    flags: {
      userId: refFlag("User: username or id", "user"),
      exceptCurrent: {
        kind: "boolean",
        optional: true,
        brief: "Keep the token this command runs with",
      },
      dryRun: { kind: "boolean", optional: true, brief: "Only list what would be revoked" },
      yes: yesFlag,
      reason: reasonFlag,
      ...selectorFlags,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { session, api } = await connect(this);
    const user = await named(
      this,
      api,
      await resolveById(api, session, "user", flags.userId),
      flags.yes || flags.dryRun,
    );
    const userId = user.id;
    const select = selector(this, flags);
    const except = flags.exceptCurrent ? session.claims?.jti : undefined;
    const pick = (t: TokenInfo) => t.id !== except && select(t);
    note(this, LOGIN_SESSIONS_NOTE);
    const unreached = await rootCannotReach(this, session.claims?.role, api, userId);
    if (flags.dryRun) {
      // A listing: every selected token is shown, read page by page.
      const tokens = markCurrent(session, await collect(selectedTokens(api, userId, pick)));
      if (this.globals.json) {
        printJson(this, { dry_run: true, user_id: userId, would_revoke: tokens });
      } else if (tokens.length === 0) {
        say(this, `No matching tokens found for user ${label(user)}`);
      } else {
        say(this, tokenTable(this, tokens));
        say(this, `Would revoke ${tokens.length} tokens for user ${label(user)}`);
        if (tokens.some((t) => t.current)) say(this, CURRENT_LEGEND);
      }
      if (unreached) throw unreached;
      return;
    }
    if (!flags.yes) {
      // The question states the count, so the tokens are counted first (ids only, no rows
      // kept); with --yes they are revoked as they are read.
      let count = 0;
      let hitsOwn = false;
      const own = currentTokenId(session);
      for await (const page of selectedTokens(api, userId, pick)) {
        count += page.length;
        hitsOwn ||= page.some((t) => t.id === own);
      }
      await confirmRevocation(this, count, `user ${label(user)}`, hitsOwn, flags.yes);
    }
    const revoker = new StreamingRevoker(this, api, session, {
      reason: flags.reason,
      keepResults: this.globals.json,
      exceptCurrent: flags.exceptCurrent,
    });
    await revoker.user(userId, pick);
    const run = await revoker.finish();
    const { own } = run;
    if (this.globals.json) {
      printJson(this, {
        user_id: userId,
        listed: run.attempted,
        revoked: (run.results ?? []).filter((r) => r.ok).map((r) => r.id),
        ...(own?.ok ? { current_revoked: own.id } : {}),
        failed: run.failed.map((r) => ({ id: r.id, error: r.error })),
      });
    } else {
      say(this, `✅ Revoked ${run.ok} of ${run.attempted} tokens for user ${userId}`);
      // The contract fixes the line above; the name follows it.
      if (user.name !== undefined) say(this, `User: ${label(user)}`);
      sayOwnSession(this, own);
    }
    if (run.failed.length > 0) {
      throw new CommandFailure(
        `${run.failed.length} of ${run.attempted} tokens were not revoked (listed above).`,
        failureCode(run.failed),
      );
    }
    if (unreached) throw unreached;
  },
});

/**
 * Root's token listings cover only the default tenant (api.md 5.2.8), and X-Pangolin-Tenant does
 * not change that. For a user of another tenant, root cannot see (so cannot revoke) its tokens.
 */
async function rootCannotReach(
  ctx: Context,
  role: string | undefined,
  api: Parameters<typeof getUser>[0],
  userId: string,
): Promise<CommandFailure | undefined> {
  if (role !== "root") return undefined;
  const user = await getUser(api, userId).catch(() => undefined);
  const tenant = user?.["tenant-id"];
  if (!tenant || tenant === NIL_TENANT) return undefined;
  warn(
    ctx,
    `Warning: as root, the server lists only the default tenant's tokens; ${user?.username}'s ` +
      `tokens in tenant ${tenant} can only be listed (and so revoked) by that tenant's admin.`,
  );
  return new CommandFailure(
    `Tokens of user ${userId} in tenant ${tenant} were not reached.`,
    1,
    `log in as that tenant's admin (login --tenant-id ${tenant}) and run this again`,
  );
}
