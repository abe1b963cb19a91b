import { defineCommand } from "../../lib/command.ts";
import { generateToken, type GenerateTokenRequest } from "../../lib/api/tokens.ts";
import type { Context } from "../../lib/context.ts";
import { refFlag } from "../../lib/flags.ts";
import { expiryOf, tryDecodeClaims } from "../../lib/jwt.ts";
import { fields, formatDate, printJson, say, warn } from "../../lib/output.ts";
import { label, resolveById, type ResolvedById } from "../../lib/resolve.ts";
import { connect } from "../../lib/session.ts";
import { CommandFailure } from "../../lib/errors.ts";
import { mintInto, storeSecret } from "../../lib/secret_file.ts";
import { intParser, parseNonEmpty, parseRole, type Role } from "../../lib/validate.ts";

interface Flags {
  tenantId: string;
  username?: string;
  role?: Role;
  expiresInHours?: number;
  tokenFile?: string;
  force?: boolean;
}

/** `create-token`: mints a recorded, revocable token for a device or a pipeline. */
export const createTokenCommand = defineCommand({
  docs: {
    brief: "Create a token for a device or pipeline (admin)",
    fullDescription: [
      "Mints a token the server records, so it is listed by list-user-tokens and can be",
      "revoked on its own: one per desktop, laptop or CI job. The token is shown once (or only",
      "the file's path with --token-file). The server caps lifetimes at 8760 hours.",
      "",
      "Examples:",
      "  pangolin-admin create-token --tenant-id acme --username alice --expires-in-hours 72",
      "  pangolin-admin create-token --tenant-id <uuid> --username ci --token-file ./ci.token",
    ].join("\n"),
  },
  parameters: {
    flags: {
      tenantId: refFlag("Tenant: name or id", "tenant"),
      username: {
        kind: "parsed",
        parse: parseNonEmpty,
        optional: true,
        brief: "User the token is for (default: api-user)",
        placeholder: "name",
      },
      role: {
        kind: "parsed",
        parse: parseRole,
        optional: true,
        brief: "Role: root, tenant-admin or tenant-user (default: the user's role)",
        placeholder: "role",
      },
      expiresInHours: {
        kind: "parsed",
        parse: intParser(1, 8760),
        optional: true,
        brief: "Lifetime in hours, 1 to 8760 (default: 24)",
        placeholder: "hours",
      },
      tokenFile: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Write the token to this new 0600 file instead of printing it",
        placeholder: "path",
      },
      force: {
        kind: "boolean",
        optional: true,
        brief: "Replace an existing --token-file",
      },
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const claim = flags.tokenFile === undefined
      ? undefined
      : await this.claimSecretFile(flags.tokenFile, !!flags.force, "--token-file");
    let tenant: ResolvedById | undefined;
    const issued = await mintInto(claim, async () => {
      const { session, api } = await connect(this);
      tenant = await resolveById(api, session, "tenant", flags.tenantId);
      const body: GenerateTokenRequest = { tenant_id: tenant.id };
      if (flags.username) body.username = flags.username;
      if (flags.role) body.roles = [flags.role];
      if (flags.expiresInHours !== undefined) body.expires_in_hours = flags.expiresInHours;
      return await generateToken(api, body);
    });
    // Display only: odd claims in a token the server just minted must not lose it.
    const claims = tryDecodeClaims(issued.token);
    const id = claims?.jti ?? null;
    const expiresAt = issued.expires_at ?? expiryOf(claims)?.toISOString();
    const failure = claim ? await storeSecret(claim, issued.token + "\n") : undefined;
    const tokenFile = claim && !failure ? claim.path : undefined;
    const username = claims?.username ?? flags.username ?? "api-user";
    if (this.globals.json) {
      printJson(this, {
        id,
        username,
        role: claims?.role ?? null,
        tenant_id: issued.tenant_id,
        expires_at: expiresAt,
        ...(tokenFile ? { token_file: tokenFile } : { token: issued.token }),
      });
    } else {
      say(this, `✅ Token created for ${username}`);
      fields(this, [
        ["Token ID", id ?? "(unknown)"],
        ["Role", claims?.role ?? "-"],
        ["Tenant", tenant && issued.tenant_id === tenant.id ? label(tenant) : issued.tenant_id],
        ["Expires At", formatDate(expiresAt)],
        tokenFile ? ["Token file", tokenFile] : ["Token", issued.token],
      ]);
      if (!claim) warn(this, "Warning: the token is shown only now; store it safely.");
    }
    if (claim && failure) {
      throw new CommandFailure(
        `Could not write the token to ${claim.path} (${failure}); it is printed on stdout ` +
          "instead: store it now, it cannot be shown again.",
      );
    }
  },
});
