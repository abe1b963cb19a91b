import { defineCommand } from "../../lib/command.ts";
import { me, type UserInfo } from "../../lib/api/auth.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import {
  listServiceUsers,
  rotateServiceUserKey,
  type ServiceUser,
  updateServiceUser,
} from "../../lib/api/service_users.ts";
import { listUserTokens, type TokenInfo } from "../../lib/api/tokens.ts";
import { deleteUser, getUser, updateUser } from "../../lib/api/users.ts";
import { exitCodeFor, messageFor } from "../../lib/cli.ts";
import type { Context } from "../../lib/context.ts";
import { ApiError, CommandFailure } from "../../lib/errors.ts";
import { confirmOrRequireYes, reasonFlag, refFlag, yesFlag } from "../../lib/flags.ts";
import { resolveById } from "../../lib/resolve.ts";
import {
  type Block,
  type Column,
  formatDate,
  indentBlock,
  note,
  printJson,
  say,
  table,
} from "../../lib/output.ts";
import { clientFor, connect, type Session } from "../../lib/session.ts";
import { revokeAll } from "../tokens/revocation.ts";
import { LOGIN_SESSIONS_NOTE, tokenTable } from "../tokens/shared.ts";

interface Flags {
  userId: string;
  reason?: string;
  includeServiceUsers?: boolean;
  deleteUser?: boolean;
  dryRun?: boolean;
  yes?: boolean;
}

/** `offboard-user`: locks a leaving user out as far as the server allows, step by step. */
export const offboardUserCommand = defineCommand({
  docs: {
    brief: "Lock out a leaving user: tokens, password, service users (admin)",
    fullDescription: [
      "Does what works on this server, in this order: replaces the password with a random one",
      "that is never shown or kept (so logging in stops working), deactivates the user (sent",
      "and accepted, but the server's user records carry no active flag, so it is never",
      "confirmed),",
      "revokes every token the server lists for the user, then lists the service users the",
      "user created (with --include-service-users: deactivates each and rotates its key, the",
      "new key thrown away unseen), and with --delete-user deletes the user last. Each step is",
      "reported as it ends; a failed step does not stop the others (deletion is skipped), is",
      "never undone silently, and makes the exit code non-zero. Every step is safe to repeat.",
      "",
      "What the server cannot do: sessions from login are not recorded, so they are not listed",
      "or revoked and stay valid until they expire (at most 24 h); the active flag alone does",
      "not stop logins; a revocation by id lasts 24 h (a longer-lived token works again",
      "afterwards); root's token listings cover only the default tenant, so for a user of",
      "another tenant only that tenant's admin can list and revoke the tokens (the other steps",
      "are still done, exit 1); key rotation fails with 500 on the SQL backends (the service",
      "user is still deactivated); tokens a service user got from the client-credentials",
      "exchange stay valid until they expire (at most 1 h).",
      "",
      "Asks to confirm on a terminal; without one, --yes is required. --dry-run lists what",
      "would be done and changes nothing. Refuses to offboard the user this run is logged in as.",
      "",
      "Examples:",
      "  pangolin-admin offboard-user --user-id alice --dry-run",
      "  pangolin-admin offboard-user --user-id 3c8e5f21-6d4b-4a32-8f9c-2b3d4e5f6a71 \\",
      "    --include-service-users --reason 'left 2026-03-01' --yes",
      "  pangolin-admin offboard-user --user-id <uuid> --delete-user --yes --json",
    ].join("\n"),
  },
  parameters: {
    flags: {
      userId: refFlag("The leaving user: username or id", "user"),
      reason: reasonFlag,
      includeServiceUsers: {
        kind: "boolean",
        optional: true,
        brief: "Also deactivate the service users they created and rotate their keys",
      },
      deleteUser: { kind: "boolean", optional: true, brief: "Delete the user as the last step" },
      dryRun: { kind: "boolean", optional: true, brief: "Only show what would be done" },
      yes: yesFlag,
    },
    aliases: { y: "yes" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const { session, api } = await connect(this);
    const caller = await callerOf(session, api);
    const userId = (await resolveById(api, session, "user", flags.userId)).id;
    if (caller.id === userId) {
      throw new CommandFailure(
        `Refusing to offboard user ${flags.userId}: this run is logged in as that user. ` +
          "Nothing was changed.",
        1,
        "another admin must offboard this user",
      );
    }
    const user = await getUser(api, userId).catch((err) => {
      throw err instanceof ApiError && err.status === 404
        ? new ApiError(err.what, err.status, err.serverMessage, {
          ...err.options,
          hint: "nothing was changed; check the id with pangolin-admin list-users",
        })
        : err;
    });
    const run = new Offboarding(this, flags, session, api, caller, user);
    if (flags.dryRun) return await run.dryRun();
    if (!flags.yes && this.prompter.interactive) {
      for (const line of run.planLines()) note(this, line);
    }
    const question = `Offboard user ${user.username} (${user.id})?`;
    if (!(await confirmOrRequireYes(this, question, flags.yes))) {
      throw new CommandFailure("Nothing was changed (not confirmed).", 1);
    }
    await run.execute();
  },
});

const NIL_TENANT = "00000000-0000-0000-0000-000000000000";

/** Who runs the command: from the token's claims, else (API key) from the server. */
interface Caller {
  id: string;
  role: string;
  /** The session tenant; the default (nil) tenant for root. */
  tenant: string;
}

async function callerOf(session: Session, api: ApiClient): Promise<Caller> {
  const c = session.claims;
  if (c?.sub && c.role) return { id: c.sub, role: c.role, tenant: c.tenant_id || NIL_TENANT };
  // A service-user key carries no readable claims; GET /api/v1/users/me describes the session.
  const self = await me(api);
  return { id: self.id, role: self.role, tenant: self["tenant-id"] ?? NIL_TENANT };
}

/** One step's outcome, as printed and as reported in --json. */
interface Step {
  step:
    | "replace-password"
    | "deactivate"
    | "revoke-tokens"
    | "service-users"
    | "service-user"
    | "delete-user";
  ok: boolean;
  skipped?: boolean;
  /** false: done as far as the server says, but nothing it shows can confirm it. */
  confirmed?: boolean;
  detail: string;
  id?: string;
  name?: string;
}

interface ServiceUserOutcome {
  id: string;
  name: string;
  deactivated: boolean;
  key_rotated: boolean;
  errors: string[];
}

type ListedToken = Omit<TokenInfo, "token">;
type ListedServiceUser = Omit<ServiceUser, "api-key-hash">;

const SQL_BACKEND_HINT = "this server's backend cannot rotate keys (rotation fails with 500 on " +
  "the SQL backends)";

/** One offboarding run: the plan, the steps in order, and the report. */
class Offboarding {
  readonly steps: Step[] = [];
  readonly codes: number[] = [];
  readonly tokens = {
    listed: 0,
    revoked: [] as string[],
    failed: [] as Array<{ id: string; error?: string }>,
  };
  readonly serviceUsers: ServiceUserOutcome[] = [];
  readonly userTenant: string;
  /** The tenant whose recorded tokens this caller cannot list, if any (api.md 5.2.8). */
  readonly unreachedTenant?: string;
  readonly limits: string[] = [];
  /** Limits already printed as a warning during the run (by index). */
  readonly alreadySaid = new Set<number>();
  readonly label: string;

  constructor(
    readonly ctx: Context,
    readonly flags: Flags,
    readonly session: Session,
    readonly api: ApiClient,
    readonly caller: Caller,
    readonly user: UserInfo,
  ) {
    this.userTenant = user["tenant-id"] ?? NIL_TENANT;
    // Token listings cover the caller's session tenant only; root's is the default tenant,
    // and X-Pangolin-Tenant does not change that.
    if (this.userTenant !== caller.tenant) this.unreachedTenant = this.userTenant;
    this.label = `${user.username} (${user.id})`;
  }

  /** Who can list the tokens of a tenant, once the tenant has been named. */
  ownerOf(tenant: string): string {
    return tenant === NIL_TENANT ? "root" : "that tenant's admin";
  }

  /** The plan, as shown by --dry-run and before the confirmation question. */
  planLines(counts?: { tokens: number; serviceUsers: ListedServiceUser[] | string }): string[] {
    const { flags, user } = this;
    const tokens = counts ? plural(counts.tokens, "listed token") : "every token the server lists";
    const lines = [
      `Offboarding ${this.label} of tenant ${this.userTenant} will:`,
      "  1. replace the password with a random one nobody sees (logins stop working)",
      "  2. deactivate the user (the server accepts it but shows no active flag, and the flag " +
      "stops no logins)",
      `  3. revoke ${tokens} for ${user.username}` +
      (this.unreachedTenant
        ? ` (tokens recorded in tenant ${this.unreachedTenant} cannot be reached: only ` +
          `${this.ownerOf(this.unreachedTenant)} can list them)`
        : ""),
    ];
    const sus = counts?.serviceUsers;
    const which = typeof sus === "string"
      ? `the service users they created (cannot: ${sus})`
      : `the service users they created${sus ? ` (${sus.length})` : ""}`;
    lines.push(
      flags.includeServiceUsers
        ? `  4. deactivate ${which} and rotate their keys (the new keys are thrown away unseen)`
        : `  4. list ${which}, unchanged (--include-service-users deactivates and rotates them)`,
    );
    if (flags.deleteUser) lines.push("  5. delete the user (skipped if an earlier step fails)");
    return lines;
  }

  async dryRun(): Promise<void> {
    const { ctx, user } = this;
    const tokens = await this.listTokens();
    const sus = await this.findServiceUsers();
    if (!ctx.globals.json) {
      say(ctx, "Dry run: nothing was changed.");
      for (const line of this.planLines({ tokens: tokens.length, serviceUsers: sus })) {
        say(ctx, line.replace(" will:", " would:"));
      }
      if (tokens.length > 0) {
        say(ctx, "");
        say(ctx, `Tokens of ${user.username}:`);
        say(ctx, tokenTable(ctx, tokens));
      }
      if (typeof sus !== "string" && sus.length > 0) {
        say(ctx, "");
        say(ctx, `Service users created by ${user.username}:`);
        say(ctx, serviceUserTable(ctx, sus));
      }
    }
    this.collectLimits(tokens, typeof sus === "string" ? 0 : sus.length);
    if (ctx.globals.json) {
      printJson(ctx, {
        dry_run: true,
        user: this.userJson(),
        plan: this.planLines({ tokens: tokens.length, serviceUsers: sus }).slice(1)
          .map((l) => l.replace(/^ +\d\. /, "")),
        tokens,
        service_users: typeof sus === "string" ? null : sus,
        server_limits: this.limits,
      });
    }
    this.printLimits();
    if (this.unreachedTenant) throw this.unreachedFailure();
  }

  async execute(): Promise<void> {
    const { ctx, api, user } = this;
    say(ctx, `Offboarding ${this.label} of tenant ${this.userTenant}`);
    await this.attempt("replace-password", async () => {
      // Never shown, logged or kept: it only has to exist so the old password stops working.
      await updateUser(api, user.id, { password: unguessablePassword() });
      return "Password replaced with a random one nobody has seen (logins stop working)";
    }, "Replacing the password");
    await this.deactivate();
    const listed = await this.revokeTokens();
    await this.handleServiceUsers();
    if (this.flags.deleteUser) await this.deleteLast();
    this.collectLimits(listed, this.serviceUsers.length, true);
    this.report();
    this.printLimits();
    const failed = this.steps.filter((s) => !s.ok && !s.skipped);
    if (failed.length > 0) {
      const codes = new Set(this.codes);
      throw new CommandFailure(
        `Offboarding of user ${this.label} is incomplete: ${failed.length} of ` +
          `${this.steps.length} steps failed; the steps that succeeded stay done (nothing is ` +
          "undone).",
        codes.size === 1 ? [...codes][0] : 1,
        this.unreachedTenant
          ? this.unreachedHint()
          : "every step is safe to repeat: fix the cause, then run offboard-user again",
      );
    }
  }

  /** Runs one step, records and prints its outcome; never throws. */
  async attempt(step: Step["step"], work: () => Promise<string>, what: string): Promise<void> {
    try {
      this.record({ step, ok: true, detail: await work() });
    } catch (err) {
      this.fail({ step, ok: false, detail: `${what} failed: ${stepError(err)}` }, err);
    }
  }

  /** Keeps a step and prints its line; `•` marks a step that changed nothing. */
  record(step: Step, mark = step.skipped ? "•" : step.ok ? "✅" : "❌"): void {
    this.steps.push(step);
    say(this.ctx, `${mark} ${step.detail}`);
  }

  fail(step: Step, err: unknown): void {
    this.codes.push(err === undefined ? 1 : exitCodeFor(err));
    this.record(step);
  }

  async listTokens(): Promise<ListedToken[]> {
    // The JWT in TokenInfo.token is a secret: dropped at once.
    return (await listUserTokens(this.api, this.user.id, { all: true }))
      .map(({ token: _secret, ...t }) => t);
  }

  /**
   * Sends active=false. The server accepts it, but its user records carry no active flag and
   * login never reads it: the step is done, never confirmed, and says so ("•", not "✅").
   */
  async deactivate(): Promise<void> {
    try {
      await updateUser(this.api, this.user.id, { active: false });
    } catch (err) {
      this.fail({
        step: "deactivate",
        ok: false,
        detail: `Deactivating the user failed: ${stepError(err)}`,
      }, err);
      return;
    }
    this.record({
      step: "deactivate",
      ok: true,
      confirmed: false,
      detail: "Active flag set to false (sent and accepted; the server's user records carry no " +
        "active flag, so it cannot be confirmed, and it does not stop logins)",
    }, "•");
  }

  async revokeTokens(): Promise<ListedToken[]> {
    const { ctx, user } = this;
    let listed: ListedToken[];
    try {
      // Listed only now, after the password change, so a token minted meanwhile is included.
      listed = await this.listTokens();
    } catch (err) {
      this.fail({
        step: "revoke-tokens",
        ok: false,
        detail: `Listing the tokens failed, nothing revoked: ${stepError(err)}`,
      }, err);
      return [];
    }
    const results = await revokeAll(ctx, this.api, listed, this.flags.reason);
    this.tokens.listed = listed.length;
    this.tokens.revoked = results.filter((r) => r.ok).map((r) => r.id);
    const failed = results.filter((r) => !r.ok);
    this.tokens.failed = failed.map((r) => ({ id: r.id, error: r.error }));
    let detail = listed.length === 0
      ? `No listed tokens of ${user.username} to revoke`
      : `Revoked ${this.tokens.revoked.length} of ${plural(listed.length, "listed token")}`;
    if (failed.length > 0) detail += `; ${failed.length} failed (listed above)`;
    if (this.unreachedTenant) {
      detail += `; the tokens recorded in tenant ${this.unreachedTenant} were not reached ` +
        `(only ${this.ownerOf(this.unreachedTenant)} can list and revoke them)`;
    }
    const step: Step = { step: "revoke-tokens", ok: false, detail };
    for (const f of failed) this.codes.push(f.exitCode ?? 1);
    if (this.unreachedTenant) this.codes.push(1);
    if (failed.length === 0 && !this.unreachedTenant) step.ok = true;
    this.record(step);
    return listed;
  }

  /**
   * The service users the user created, found by `created-by` in the user's tenant (root lists
   * it through X-Pangolin-Tenant); a string says why they could not be listed.
   */
  async findServiceUsers(): Promise<ListedServiceUser[] | string> {
    const { ctx, caller, session } = this;
    let api = this.api;
    if (caller.role === "root") {
      api = await clientFor(ctx, { ...session, tenant: this.userTenant });
    } else if (caller.tenant !== this.userTenant) {
      // Non-root sessions cannot switch tenant: the header is ignored (api.md 2.7).
      return `the service users of tenant ${this.userTenant} can only be listed by ` +
        `${this.ownerOf(this.userTenant)} or root`;
    }
    return (await listServiceUsers(api, { all: true }))
      .filter((su) => su["created-by"] === this.user.id)
      .map(({ "api-key-hash": _hash, ...su }) => su);
  }

  async handleServiceUsers(): Promise<void> {
    const { ctx, user } = this;
    let found: ListedServiceUser[] | string;
    try {
      found = await this.findServiceUsers();
    } catch (err) {
      this.fail({
        step: "service-users",
        ok: false,
        detail: `Listing the service users failed: ${stepError(err)}`,
      }, err);
      return;
    }
    if (typeof found === "string") {
      this.fail(
        { step: "service-users", ok: false, detail: `Service users not listed: ${found}` },
        undefined,
      );
      return;
    }
    if (found.length === 0) {
      this.record({
        step: "service-users",
        ok: true,
        detail: `No service users created by ${user.username}`,
      });
      return;
    }
    if (!this.flags.includeServiceUsers) {
      for (const su of found) {
        this.serviceUsers.push({
          id: su.id,
          name: su.name,
          deactivated: false,
          key_rotated: false,
          errors: [],
        });
      }
      this.record({
        step: "service-users",
        ok: true,
        detail:
          `${plural(found.length, "service user")} created by ${user.username}, not changed ` +
          "(run again with --include-service-users to deactivate them and rotate their keys):",
      }, "•");
      say(ctx, indentBlock(serviceUserTable(ctx, found), "  "));
      return;
    }
    // One at a time: every call is a write, and a backend that cannot rotate fails for all.
    for (const su of found) await this.retireServiceUser(su);
  }

  async retireServiceUser(su: ListedServiceUser): Promise<void> {
    const outcome: ServiceUserOutcome = {
      id: su.id,
      name: su.name,
      deactivated: false,
      key_rotated: false,
      errors: [],
    };
    this.serviceUsers.push(outcome);
    const step: Step = { step: "service-user", id: su.id, name: su.name, ok: false, detail: "" };
    const who = `Service user ${su.name} (${su.id})`;
    if (su.id === this.caller.id) {
      // Deactivating or rotating the credential this run uses would cut the run off.
      step.detail = `${who} skipped: this run authenticates as it; deactivate it and rotate ` +
        "its key with another credential";
      outcome.errors.push("this run authenticates as this service user");
      this.fail(step, undefined);
      return;
    }
    let deactivateError: unknown;
    let rotateError: unknown;
    try {
      await updateServiceUser(this.api, su.id, { active: false });
      outcome.deactivated = true;
    } catch (err) {
      deactivateError = err;
      outcome.errors.push(`deactivate: ${stepError(err)}`);
    }
    try {
      // The new key is thrown away: nobody needs it, and the old one stops verifying.
      await rotateServiceUserKey(this.api, su.id);
      outcome.key_rotated = true;
    } catch (err) {
      rotateError = err;
      let why = stepError(err);
      if (err instanceof ApiError && err.status === 500) {
        why += ` (${SQL_BACKEND_HINT}${
          outcome.deactivated ? "; it is deactivated, so the old key is refused anyway" : ""
        })`;
      }
      outcome.errors.push(`rotate key: ${why}`);
    }
    const rotated = "its key rotated (the new key was thrown away unseen)";
    if (outcome.deactivated && outcome.key_rotated) {
      step.ok = true;
      step.detail = `${who} deactivated and ${rotated}`;
      this.record(step);
      return;
    }
    const why = (prefix: string) =>
      outcome.errors.find((e) => e.startsWith(prefix))?.slice(prefix.length) ?? "";
    const deactivateWhy = why("deactivate: ");
    const rotateWhy = why("rotate key: ");
    if (outcome.deactivated) {
      step.detail = `${who} deactivated, but rotating its key failed: ${rotateWhy}`;
    } else if (outcome.key_rotated) {
      step.detail = `${who}: ${rotated}, but deactivating it failed: ${deactivateWhy}`;
    } else {
      step.detail = `${who}: deactivating it failed: ${deactivateWhy}; rotating its key failed: ` +
        rotateWhy;
    }
    this.fail(step, deactivateError ?? rotateError);
  }

  async deleteLast(): Promise<void> {
    const failed = this.steps.filter((s) => !s.ok && !s.skipped).length;
    if (failed > 0) {
      // Deletion cannot be undone; leave the user in place until the failures are dealt with.
      this.record({
        step: "delete-user",
        ok: false,
        skipped: true,
        detail: `Deleting the user skipped: ${plural(failed, "earlier step")} failed (fix, then ` +
          "run again with --delete-user)",
      });
      return;
    }
    await this.attempt("delete-user", async () => {
      await deleteUser(this.api, this.user.id);
      return `User ${this.label} deleted`;
    }, "Deleting the user");
  }

  /** What the server could not do for this run, as sentences (printed as notes, and in --json). */
  collectLimits(tokens: readonly ListedToken[], serviceUsers: number, revoked = false): void {
    const { ctx, user, limits } = this;
    limits.push(
      capitalized(LOGIN_SESSIONS_NOTE.replace(/^Note: /, "")),
      "The server's active flag does not stop logins or end sessions; the replaced password is " +
        "what stops new logins.",
    );
    const again = ctx.now().getTime() + 24 * 3600 * 1000;
    const long = tokens.filter((t) => Date.parse(t.expires_at) > again);
    if (long.length > 0) {
      limits.push(
        `A revocation by id lasts 24 h on the server: ${plural(long.length, "token")} ` +
          `(${long.map((t) => t.id).join(", ")}) ${long.length === 1 ? "expires" : "expire"} ` +
          `later and ${long.length === 1 ? "works" : "work"} again after ${formatDate(again)} ` +
          "unless revoked again.",
      );
      // revokeAll has already warned for each of them.
      if (revoked) this.alreadySaid.add(limits.length - 1);
    }
    const tenant = this.unreachedTenant;
    if (tenant) {
      const scope = this.caller.role === "root"
        ? "as root, the server lists only the default tenant's tokens"
        : `the server lists only the tokens of your own tenant (${this.caller.tenant})`;
      limits.push(
        `Token listings: ${scope}; ${user.username}'s tokens in tenant ${tenant} can only be ` +
          `listed (and so revoked) by ${this.ownerOf(tenant)}.`,
      );
    }
    if (this.flags.includeServiceUsers && serviceUsers > 0) {
      limits.push(
        "Tokens the service users already got from the client-credentials exchange are not " +
          "listed and stay valid until they expire (at most 1 h).",
      );
    }
    if (user["oauth-provider"]) {
      limits.push(
        `The password does not stop sign-in through ${user["oauth-provider"]} for ` +
          `${user.username}; disable the account at the provider.`,
      );
    }
  }

  printLimits(): void {
    for (const [i, limit] of this.limits.entries()) {
      if (!this.alreadySaid.has(i)) {
        note(this.ctx, `Note: ${limit[0].toLowerCase()}${limit.slice(1)}`);
      }
    }
  }

  report(): void {
    const { ctx, steps } = this;
    const done = steps.filter((s) => s.ok && !s.skipped).length;
    const failed = steps.filter((s) => !s.ok && !s.skipped).length;
    const skipped = steps.filter((s) => s.skipped).length;
    const counts = {
      steps: steps.length,
      steps_done: done,
      steps_failed: failed,
      steps_skipped: skipped,
      tokens_listed: this.tokens.listed,
      tokens_revoked: this.tokens.revoked.length,
      tokens_failed: this.tokens.failed.length,
      service_users: this.serviceUsers.length,
      service_users_deactivated: this.serviceUsers.filter((s) => s.deactivated).length,
      service_user_keys_rotated: this.serviceUsers.filter((s) => s.key_rotated).length,
    };
    if (ctx.globals.json) {
      printJson(ctx, {
        dry_run: false,
        user: this.userJson(),
        reason: this.flags.reason ?? null,
        complete: failed === 0,
        steps,
        tokens: this.tokens,
        service_users: this.serviceUsers,
        counts,
        server_limits: this.limits,
      });
      return;
    }
    const parts = [`${done} of ${steps.length} steps done`];
    if (failed > 0) parts.push(`${failed} failed`);
    if (skipped > 0) parts.push(`${skipped} skipped`);
    let tail = `; ${counts.tokens_revoked} of ${plural(counts.tokens_listed, "listed token")} ` +
      "revoked";
    if (this.flags.includeServiceUsers && counts.service_users > 0) {
      tail += `; ${counts.service_users_deactivated} of ` +
        `${plural(counts.service_users, "service user")} deactivated, ` +
        `${plural(counts.service_user_keys_rotated, "key")} rotated`;
    }
    say(
      ctx,
      failed === 0
        ? `✅ User ${this.label} offboarded: ${parts.join(", ")}${tail}`
        : `❌ Offboarding of ${this.label} incomplete: ${parts.join(", ")}${tail}`,
    );
  }

  userJson() {
    const u = this.user;
    return { id: u.id, username: u.username, tenant_id: u["tenant-id"], role: u.role };
  }

  /** Running it again as whoever can reach the tenant finishes the job. */
  unreachedHint(): string {
    const tenant = this.unreachedTenant!;
    const login = tenant === NIL_TENANT
      ? "log in as root"
      : `log in as that tenant's admin (pangolin-admin login --tenant-id ${tenant})`;
    return `${login} and run: pangolin-admin offboard-user --user-id ${this.user.id} --yes`;
  }

  unreachedFailure(): CommandFailure {
    return new CommandFailure(
      `Tokens of user ${this.user.id} in tenant ${this.unreachedTenant} cannot be reached.`,
      1,
      this.unreachedHint(),
    );
  }
}

/**
 * 32 random bytes as 64 hex digits: 256 bits, and within bcrypt's 72-byte limit, so all of it
 * counts.
 */
function unguessablePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** An error as one line, without the `Error: API Request Failed: ` prefix or the hint. */
function stepError(err: unknown): string {
  return messageFor(err).split("\n")[0].replace(/^Error: (API Request Failed: )?/, "");
}

function capitalized(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function serviceUserTable(ctx: Context, rows: readonly ListedServiceUser[]): Block {
  const columns: Column<ListedServiceUser>[] = [
    { header: "Name", cell: (s) => s.name },
    { header: "ID", kind: "id", cell: (s) => s.id },
    { header: "Role", cell: (s) => s.role },
    { header: "Active", cell: (s) => (s.active ? "yes" : "no") },
    { header: "Created At", kind: "time", cell: (s) => s["created-at"] },
  ];
  return table(ctx, rows, columns);
}
