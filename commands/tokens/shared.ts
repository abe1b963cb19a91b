/** Pieces shared by the token verbs: the token table and the server's 24-hour caveat. */
import type { TokenInfo } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { type Block, type Column, formatDate, table, warn } from "../../lib/output.ts";

const DAY_MS = 24 * 3600 * 1000;
/**
 * How much later than the revocation's end a token may expire without a warning: the server's
 * clock and this host's differ, and its default token lives exactly 24 h, so a server a second
 * ahead would otherwise make every revocation of a fresh default token warn. Five minutes, the
 * skew Kerberos allows; a token that outlives the revocation by less is not warned about.
 */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A token row, possibly the current session's (which the server does not list). */
export type TokenRow = TokenInfo & { current?: boolean; listed_by_server?: boolean };

/** The contract's token table: Token ID, Created At, Expires At, Valid. */
export function tokenTable(ctx: Context, rows: readonly TokenRow[]): Block {
  const columns: Column<TokenRow>[] = [
    { header: "Token ID", kind: "id", cell: (t) => t.id + (t.current ? " *" : "") },
    { header: "Created At", kind: "time", cell: (t) => t.created_at },
    { header: "Expires At", kind: "time", cell: (t) => t.expires_at },
    { header: "Valid", cell: (t) => (t.is_valid ? "yes" : "no") },
  ];
  return table(ctx, rows, columns);
}

/**
 * An admin revocation by id lasts 24 h on the server (api.md 5.2.4); a token that lives longer
 * works again afterwards. Warns for each such token and says when to revoke it again.
 */
export function warnShortRevocation(
  ctx: Context,
  tokens: ReadonlyArray<{ id: string; expires_at?: string }>,
): void {
  const now = ctx.now().getTime();
  const again = new Date(now + DAY_MS);
  for (const t of tokens) {
    const exp = t.expires_at ? Date.parse(t.expires_at) : NaN;
    if (Number.isFinite(exp) && exp > now + DAY_MS + CLOCK_SKEW_MS) {
      warn(
        ctx,
        `Warning: the server keeps this revocation for 24 h only; token ${t.id} expires at ` +
          `${formatDate(exp)} and works again after ${formatDate(again)} unless revoked again.`,
      );
    }
  }
}

/** Said wherever tokens are listed or revoked for a user: login sessions are invisible. */
export const LOGIN_SESSIONS_NOTE =
  "Note: sessions from login are not recorded by the server, so they are not listed and " +
  "stay valid until they expire (at most 24 h).";
