import { buildCommand } from "@stricli/core";
import { listMyTokens } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { type PagingFlags, pagingFlags, pagingOf } from "../../lib/flags.ts";
import { expiryOf } from "../../lib/jwt.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { type TokenRow, tokenTable } from "./shared.ts";

/** `list-my-tokens`: the caller's recorded tokens, plus the current session, marked. */
export const listMyTokensCommand = buildCommand({
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
    const listed = await listMyTokens(api, pagingOf(flags));
    const rows: TokenRow[] = listed.map(({ token: _secret, ...t }) => ({
      ...t,
      listed_by_server: true,
    }));
    const claims = session.claims;
    if (claims?.jti) {
      const mine = rows.find((t) => t.id === claims.jti);
      if (mine) mine.current = true;
      else {
        rows.unshift({
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
        });
      }
    }
    if (this.globals.json) {
      printJson(this, rows);
      return;
    }
    if (rows.length === 0) {
      say(this, "No active tokens found for you");
      return;
    }
    say(this, tokenTable(this, rows));
    if (rows.some((r) => r.current)) {
      say(
        this,
        "* the current session" +
          (rows.some((r) => r.current && !r.listed_by_server)
            ? " (from login: the server does not record it)"
            : ""),
      );
    }
  },
});
