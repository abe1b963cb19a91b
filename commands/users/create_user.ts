import { defineCommand } from "../../lib/command.ts";
import { createUser } from "../../lib/api/users.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure, UsageError } from "../../lib/errors.ts";
import { optionalRefFlag } from "../../lib/flags.ts";
import { printJson, say } from "../../lib/output.ts";
import { label, resolveById } from "../../lib/resolve.ts";
import { connect, type Session } from "../../lib/session.ts";
import { parseNonEmpty } from "../../lib/validate.ts";
import {
  checkPasswordSource,
  parseEmail,
  parseUserRole,
  readNewPassword,
  type UserRole,
} from "./shared.ts";

interface Flags {
  email: string;
  role?: UserRole;
  password?: string;
  passwordStdin?: boolean;
  tenantId?: string;
}

/** `create-user`: a tenant user or tenant admin, with a password that is never echoed. */
export const createUserCommand = defineCommand({
  docs: {
    brief: "Create a user in a tenant",
    fullDescription: [
      "Creates a tenant-user (the default) or a tenant-admin in --tenant-id, else in the",
      "current tenant (root: the tenant of --tenant or 'use'). The password is asked twice,",
      "hidden, on a terminal; without one, pipe it with --password-stdin.",
      "",
      "The server lets root create tenant admins only: as root, pass --role tenant-admin",
      "(tenant users are created by an admin of their tenant). Users cannot be root.",
      "",
      "Examples:",
      "  pangolin-admin create-user alice --email alice@example.com",
      "  printf '%s' \"$PW\" | pangolin-admin create-user bob --email bob@example.com \\",
      "    --role tenant-admin --tenant-id 6f1c0b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b --password-stdin",
    ].join("\n"),
  },
  parameters: {
    positional: {
      kind: "tuple",
      parameters: [{ brief: "Username", parse: parseNonEmpty, placeholder: "username" }],
    },
    flags: {
      email: { kind: "parsed", parse: parseEmail, brief: "Email address", placeholder: "email" },
      role: {
        kind: "parsed",
        parse: parseUserRole,
        optional: true,
        brief: "tenant-user (default) or tenant-admin",
        placeholder: "role",
      },
      password: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Password (visible to other local users; prefer --password-stdin)",
        placeholder: "password",
      },
      passwordStdin: { kind: "boolean", optional: true, brief: "Read the password from stdin" },
      tenantId: optionalRefFlag(
        "Tenant of the new user, name or id (default: the current tenant)",
        "tenant",
      ),
    },
  },
  func: async function (this: Context, flags: Flags, username: string): Promise<void> {
    const source = {
      value: flags.password,
      stdin: flags.passwordStdin,
      flag: "--password",
      stdinFlag: "--password-stdin",
    };
    checkPasswordSource(this, source, true);
    const { session, api } = await connect(this);
    const role = roleFor(session, flags.role);
    const tenant = flags.tenantId === undefined
      ? undefined
      : await resolveById(api, session, "tenant", flags.tenantId);
    const tenantId = tenant?.id ?? targetTenant(session);
    if (!tenantId) {
      throw new UsageError(
        "Which tenant? Pass --tenant-id <uuid> (or --tenant, or 'pangolin-admin use <tenant>')",
      );
    }
    const password = await readNewPassword(this, source, `Password for ${username}:`);
    const user = await createUser(api, {
      username,
      email: flags.email,
      password: password!,
      tenant_id: tenantId,
      role,
    });
    if (this.globals.json) {
      printJson(this, user);
      return;
    }
    say(this, `✅ User ${user.username} created (role ${user.role})`);
    say(this, `User ID:   ${user.id}`);
    const shownTenant = user["tenant-id"] ?? tenantId;
    say(
      this,
      `Tenant ID: ${tenant?.name && shownTenant === tenant.id ? label(tenant) : shownTenant}`,
    );
  },
});

/**
 * POST /api/v1/users refuses root creating a tenant-user (403, api.md 6.1 #27): refuse before
 * sending, and never turn a missing --role into an admin without being asked.
 */
function roleFor(session: Session, role: UserRole | undefined): UserRole {
  if (session.claims?.role !== "root") return role ?? "tenant-user";
  if (role === undefined) {
    throw new UsageError(
      "As root, pass --role tenant-admin: the server lets root create tenant admins only " +
        "(tenant users are created by an admin of their tenant). Nothing was sent.",
    );
  }
  if (role === "tenant-user") {
    throw new CommandFailure(
      "Root cannot create tenant users (the server refuses it with 403). Nothing was sent.",
      4,
      "log in as an admin of the tenant to create tenant users, or pass --role tenant-admin",
    );
  }
  return role;
}

/** The current tenant: root's context (--tenant or 'use'), else the session's own tenant. */
function targetTenant(session: Session): string | undefined {
  if (session.claims?.role === "root") return session.tenant;
  // The server ignores X-Pangolin-Tenant for other roles, so their own tenant comes first.
  return session.claims?.tenant_id ?? session.tenant;
}
