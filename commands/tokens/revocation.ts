/**
 * Revoking many tokens at once, shared by revoke-user-tokens, revoke-tokens and offboard-user:
 * the selector flags, bounded parallel revocation with a progress line, and its report.
 */
import { type ApiClient, PAGE_SIZE } from "../../lib/api/client.ts";
import { revokeTokenById, type TokenInfo, userTokenPages } from "../../lib/api/tokens.ts";
import { exitCodeFor, messageFor } from "../../lib/cli.ts";
import { forEachBounded, mapBounded, Semaphore } from "../../lib/concurrency.ts";
import type { Context } from "../../lib/context.ts";
import { parseAge, parseTime } from "../../lib/duration.ts";
import { ApiError, CommandFailure, UsageError } from "../../lib/errors.ts";
import { confirmOrRequireYes } from "../../lib/flags.ts";
import { note, say } from "../../lib/output.ts";
import { dropSavedToken, type Session } from "../../lib/session.ts";
import { progress, streamProgress } from "../../lib/progress.ts";
import { warnShortRevocation } from "./shared.ts";

/** Parallel revocations at once: quick for 1,000 tokens, gentle on the server. */
export const CONCURRENCY = 8;

/** --issued-before and --older-than: revoke only the matching tokens. */
export const selectorFlags = {
  issuedBefore: {
    kind: "parsed",
    parse: parseTime,
    optional: true,
    brief: "Only tokens created before this time (ISO 8601, e.g. 2026-03-01T09:00:00Z)",
    placeholder: "time",
  },
  olderThan: {
    kind: "parsed",
    parse: parseAge,
    optional: true,
    brief: "Only tokens created longer ago than this (90s, 15m, 12h, 30d)",
    placeholder: "duration",
  },
} as const;

/** The selector flags' values. */
export interface SelectorFlags {
  issuedBefore?: Date;
  olderThan?: number;
}

/** The selectors as one test of a token (every token when none is given). */
export function selector(
  ctx: Context,
  flags: SelectorFlags,
): (token: { id?: string; created_at: string }) => boolean {
  const limits: number[] = [];
  if (flags.issuedBefore) limits.push(flags.issuedBefore.getTime());
  if (flags.olderThan !== undefined) limits.push(ctx.now().getTime() - flags.olderThan);
  if (limits.length === 0) return () => true;
  const before = Math.min(...limits);
  return (t) => {
    const created = Date.parse(t.created_at);
    if (Number.isNaN(created)) throw new UsageError(`token ${t.id} has no readable created_at`);
    return created < before;
  };
}

/** The tokens the selectors pick (all of them when none is given). */
export function selectTokens<T extends { created_at: string }>(
  ctx: Context,
  tokens: readonly T[],
  flags: SelectorFlags,
): T[] {
  const limits: number[] = [];
  if (flags.issuedBefore) limits.push(flags.issuedBefore.getTime());
  if (flags.olderThan !== undefined) limits.push(ctx.now().getTime() - flags.olderThan);
  if (limits.length === 0) return [...tokens];
  const before = Math.min(...limits);
  return tokens.filter((t) => {
    const created = Date.parse(t.created_at);
    if (Number.isNaN(created)) {
      throw new UsageError(`token ${(t as { id?: string }).id} has no readable created_at`);
    }
    return created < before;
  });
}

/** A token to revoke, with whose it is. */
export type Target = Pick<TokenInfo, "id" | "user_id" | "username" | "expires_at" | "created_at">;

/** The outcome for one token. */
export interface Result {
  id: string;
  user_id: string;
  username: string;
  ok: boolean;
  error?: string;
  exitCode?: number;
}

/**
 * Revokes every target by id, CONCURRENCY at a time, with a progress line on stderr; warns
 * where the server's 24-hour revocation ends before the token does. Never throws.
 */
export async function revokeAll(
  ctx: Context,
  api: ApiClient,
  targets: readonly Target[],
  reason?: string,
): Promise<Result[]> {
  const outcomes = await mapBounded(
    targets,
    CONCURRENCY,
    (t) => revokeTokenById(api, t.id, reason),
    targets.length > 0 ? progress(ctx, "Revoking") : undefined,
  );
  warnShortRevocation(ctx, outcomes.filter((o) => o.ok).map((o) => o.item));
  return outcomes.map((o) => {
    const base = { id: o.item.id, user_id: o.item.user_id, username: o.item.username };
    if (o.ok) return { ...base, ok: true };
    const line = messageFor(o.error).split("\n")[0].replace(/^Error: /, "");
    note(ctx, `Failed to revoke ${o.item.id}: ${line}`);
    return { ...base, ok: false, error: line, exitCode: exitCodeFor(o.error) };
  });
}

/**
 * Asks before revoking `count` tokens (`what` names whose), saying when the caller's own
 * session is among them; not confirmed is exit 1 with nothing revoked. No question for none.
 */
export async function confirmRevocation(
  ctx: Context,
  count: number,
  what: string,
  hitsOwn: boolean,
  yes: boolean | undefined,
): Promise<void> {
  if (count === 0) return;
  const question = `Revoke ${count} tokens of ${what}` +
    (hitsOwn ? ", this session's own among them?" : "?");
  if (!(await confirmOrRequireYes(ctx, question, yes))) {
    throw new CommandFailure("Nothing was revoked (not confirmed).", 1);
  }
}

/** The exit code for a set of failures: theirs when they agree, else 1. */
export function failureCode(results: readonly Result[]): number {
  const codes = new Set(results.filter((r) => !r.ok).map((r) => r.exitCode ?? 1));
  return codes.size === 1 ? [...codes][0] : 1;
}

/** The token id of the caller's own session, when the server lists it (rotated, or minted). */
export function currentTokenId(session: Session): string | undefined {
  return session.credential.kind === "token" ? session.claims?.jti : undefined;
}

/** The targets with the caller's own session marked (for dry runs and --json). */
export function markCurrent<T extends { id: string }>(
  session: Session,
  targets: readonly T[],
): Array<T & { current?: boolean }> {
  const own = currentTokenId(session);
  return targets.map((t) => (t.id === own ? { ...t, current: true } : t));
}

/** The legend under a dry run's table that holds the caller's own session. */
export const CURRENT_LEGEND =
  "* this session's own token: revoking it ends the session you are running this with " +
  "(it is revoked last; --except-current keeps it)";

/** The line under a summary that counted the caller's own session. */
export function ownSessionLine(id: string): string {
  return `Including this session's own token ${id} (revoked last).`;
}

/**
 * Revokes every target, the caller's own session last, so that a session cut off halfway does
 * not stop the rest; once its own token is revoked it is dropped from the profile, with a note.
 */
export async function revokeAllOwnLast(
  ctx: Context,
  api: ApiClient,
  session: Session,
  targets: readonly Target[],
  reason?: string,
): Promise<{ results: Result[]; own?: Result }> {
  const id = currentTokenId(session);
  const mine = targets.filter((t) => t.id === id);
  const results = await revokeAll(ctx, api, targets.filter((t) => t.id !== id), reason);
  if (mine.length === 0) return { results };
  const [own] = await revokeAll(ctx, api, mine.slice(0, 1), reason);
  results.push(own);
  if (own.ok) await announceOwnRevoked(ctx, session, own.id);
  return { results, own };
}

/** Prints the own-session line under a summary when the caller's session was revoked. */
export function sayOwnSession(ctx: Context, own: Result | undefined): void {
  if (own?.ok) say(ctx, ownSessionLine(own.id));
}

/** How a streamed revocation went. */
export interface StreamedRun {
  /** Tokens a revocation was sent for (the caller's own session included). */
  attempted: number;
  /** Users whose tokens were among them. */
  users: number;
  ok: number;
  failed: Result[];
  /** Every outcome in the order they finished, when asked for (--json). */
  results?: Result[];
  /** The caller's own session, revoked last, when it was among the targets. */
  own?: Result;
}

/**
 * Revocation that streams: each user's tokens are read a page at a time and the page's targets
 * revoked, CONCURRENCY requests in flight across every walker (listings and revocations share
 * the bound). Memory holds one page per walker and the ids seen, never the whole listing, so
 * no reply grows past the reply limit however many tokens there are.
 *
 * The server drops a revoked token from the listing at once, so the next page is asked for at
 * an offset that counts only the tokens still listed before it (kept by the selectors, failed,
 * or the caller's own, revoked last); ids already seen are never revoked twice, and a full
 * page of nothing new stops the walk (a server that ignores paging cannot loop it).
 */
export class StreamingRevoker {
  readonly #ctx: Context;
  readonly #api: ApiClient;
  readonly #session: Session;
  readonly #reason?: string;
  readonly #slots = new Semaphore(CONCURRENCY);
  readonly #progress;
  /** The caller's own session: revoked last. */
  readonly #ownId?: string;
  /** With --except-current: never revoked. */
  readonly #skip?: string;
  #own?: Target;
  readonly #users = new Set<string>();
  #run: StreamedRun;
  #done = 0;

  constructor(
    ctx: Context,
    api: ApiClient,
    session: Session,
    options: { reason?: string; keepResults?: boolean; exceptCurrent?: boolean },
  ) {
    this.#ctx = ctx;
    this.#api = api;
    this.#session = session;
    this.#reason = options.reason;
    const current = currentTokenId(session);
    if (options.exceptCurrent) this.#skip = current;
    else this.#ownId = current;
    this.#progress = streamProgress(ctx, "Revoking");
    this.#run = {
      attempted: 0,
      users: 0,
      ok: 0,
      failed: [],
      results: options.keepResults ? [] : undefined,
    };
  }

  /** Walks one user's tokens page by page, revoking those `pick` selects as each page comes. */
  async user(userId: string, pick: (t: TokenInfo) => boolean): Promise<void> {
    const seen = new Set<string>();
    let offset = 0;
    for (;;) {
      const page = await this.#slots.run(async () => {
        for await (
          const p of userTokenPages(this.#api, userId, { limit: PAGE_SIZE, offset })
        ) return p;
        return [];
      });
      let stays = 0;
      let fresh = 0;
      const targets: Target[] = [];
      for (const t of page) {
        if (seen.has(t.id)) {
          stays++;
          continue;
        }
        seen.add(t.id);
        fresh++;
        if (t.id === this.#skip || !pick(t)) {
          stays++;
          continue;
        }
        const target = {
          id: t.id,
          user_id: t.user_id,
          username: t.username,
          expires_at: t.expires_at,
          created_at: t.created_at,
        };
        if (t.id === this.#ownId) {
          this.#own = target;
          stays++;
          continue;
        }
        targets.push(target);
      }
      this.#run.attempted += targets.length;
      if (targets.length > 0) this.#users.add(userId);
      let failed = 0;
      await forEachBounded(targets, CONCURRENCY, async (t) => {
        if (!(await this.#revoke(t))) failed++;
      });
      if (page.length < PAGE_SIZE) return;
      if (fresh === 0) {
        throw new ApiError(
          "list user tokens",
          200,
          `the page at offset ${offset} lists only tokens already seen`,
          { unexpected: true, hint: "the server seems to ignore paging" },
        );
      }
      offset += stays + failed;
    }
  }

  /** One revocation within the shared bound; true when it succeeded. */
  async #revoke(t: Target): Promise<boolean> {
    let result: Result;
    try {
      await this.#slots.run(() => revokeTokenById(this.#api, t.id, this.#reason));
      result = { id: t.id, user_id: t.user_id, username: t.username, ok: true };
      this.#run.ok++;
      warnShortRevocation(this.#ctx, [t]);
    } catch (error) {
      const line = messageFor(error).split("\n")[0].replace(/^Error: /, "");
      note(this.#ctx, `Failed to revoke ${t.id}: ${line}`);
      result = {
        id: t.id,
        user_id: t.user_id,
        username: t.username,
        ok: false,
        error: line,
        exitCode: exitCodeFor(error),
      };
      this.#run.failed.push(result);
    }
    this.#run.results?.push(result);
    this.#progress.update(++this.#done, this.#run.attempted);
    return result.ok;
  }

  /**
   * Revokes the caller's own session last when it was among the targets (and drops it from
   * the profile once revoked, with a note), ends the progress line, and says how it went.
   */
  async finish(): Promise<StreamedRun> {
    const own = this.#own;
    if (own) {
      this.#run.attempted++;
      this.#users.add(own.user_id);
      await this.#revoke(own);
    }
    this.#progress.end();
    this.#run.users = this.#users.size;
    if (!own) return this.#run;
    const result = this.#run.failed.find((r) => r.id === own.id) ??
      { id: own.id, user_id: own.user_id, username: own.username, ok: true };
    this.#run.own = result;
    if (result.ok) await announceOwnRevoked(this.#ctx, this.#session, result.id);
    return this.#run;
  }
}

/** Once the caller's own token is revoked: drops it from the profile, and says so. */
async function announceOwnRevoked(ctx: Context, session: Session, id: string): Promise<void> {
  const cred = session.credential;
  if (cred.kind !== "token") return;
  if (cred.source === "profile") {
    await dropSavedToken(ctx, session, cred.token);
    note(
      ctx,
      `Note: token ${id} was this session's own; it was revoked last and removed from ` +
        `profile '${session.profileName}'. Log in again to continue.`,
    );
  } else {
    note(
      ctx,
      `Note: token ${id} was this session's own (${session.credentialSource}); it was ` +
        "revoked last and no longer works.",
    );
  }
}

/** Every selected token of one user, page by page, without the secret field (dry runs, counts). */
export async function* selectedTokens(
  api: ApiClient,
  userId: string,
  pick: (t: TokenInfo) => boolean,
): AsyncGenerator<TokenInfo[]> {
  for await (const page of userTokenPages(api, userId, { all: true })) {
    const kept: TokenInfo[] = [];
    for (const { token: _secret, ...t } of page) if (pick(t)) kept.push(t);
    yield kept;
  }
}
