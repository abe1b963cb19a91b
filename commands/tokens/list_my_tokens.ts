import { defineCommand } from "../../lib/command.ts";
import { myTokenPages } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { expiryOf } from "../../lib/jwt.ts";
import { printListing } from "../../lib/listing.ts";
import { Block } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { type TokenRow, tokenTable } from "./shared.ts";

/** `list-my-tokens`: the caller's recorded tokens, plus the current session, marked. */
export const listMyTokensCommand = defineCommand({
  docs: {
    brief: "List your own tokens, the current session marked",
    fullDescription: [
      "Lists your recorded tokens. The server never records sessions from login, so the",
      "current session is added from the token itself and marked with *.",
      "",
      "Example:",
      "  pangolin-admin list-my-tokens",
    ].join("\n"),
  },
  parameters: { flags: { ...pagingFlags } },
  func: async function (this: Context, flags: PagingFlags): Promise<void> {
    const { session, api } = await connect(this);
    const claims = session.claims;
    let currentListed = false;
    // The login session is never recorded by the server: it is added, after the listed rows
    // (they stream), and drawn first in the table.
    async function* rows(): AsyncGenerator<TokenRow[]> {
      for await (const page of myTokenPages(api, pagingOf(flags))) {
        yield page.map(({ token: _secret, ...t }) => {
          const row: TokenRow = { ...t, listed_by_server: true };
          if (claims?.jti && t.id === claims.jti) {
            row.current = true;
            currentListed = true;
          }
          return row;
        });
      }
      if (claims?.jti && !currentListed) {
        yield [{
          id: claims.jti,
          tenant_id: claims.tenant_id ?? "00000000-0000-0000-0000-000000000000",
          user_id: claims.sub ?? "",
          username: claims.username ?? "",
          expires_at: expiryOf(claims)?.toISOString() ?? "",
          created_at: typeof claims.iat === "number"
            ? new Date(claims.iat * 1000).toISOString()
            : "",
          is_valid: true,
          current: true,
          listed_by_server: false,
        }];
      }
    }
    const table = (all: TokenRow[]): Block => {
      const unlisted = all.findIndex((r) => r.current && !r.listed_by_server);
      if (unlisted > 0) all.unshift(all.splice(unlisted, 1)[0]);
      const rendered = tokenTable(this, all);
      if (!all.some((r) => r.current)) return rendered;
      return new Block([
        ...rendered.lines,
        "* the current session" +
        (unlisted >= 0 ? " (from login: the server does not record it)" : ""),
      ]);
    };
    await printListing(this, rows(), { table, empty: "No active tokens found for you" });
  },
});
