import { defineCommand } from "../../lib/command.ts";
import type { UserInfo } from "../../lib/api/auth.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import { createTenant, listTenants, type Tenant } from "../../lib/api/tenants.ts";
import { createUser } from "../../lib/api/users.ts";
import { exitCodeFor } from "../../lib/cli.ts";
import type { Context } from "../../lib/context.ts";
import { CommandFailure, UsageError } from "../../lib/errors.ts";
import { printJson, say } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import { parseNonEmpty } from "../../lib/validate.ts";
import {
  checkPasswordSource,
  parseEmail,
  type PasswordSource,
  readNewPassword,
  shellWord,
} from "../users/shared.ts";
import { propertiesOf, propertyFlag, rootOnly } from "./shared.ts";

interface Flags {
  name: string;
  property?: ReadonlyArray<readonly [string, string]>;
  adminUsername?: string;
  adminEmail?: string;
  adminPassword?: string;
  adminPasswordStdin?: boolean;
}

/** `create-tenant`: a tenant, and optionally its first tenant admin. */
export const createTenantCommand = defineCommand({
  docs: {
    brief: "Create a tenant, optionally with its admin (root)",
    fullDescription: [
      "Creates the tenant, then, with --admin-username, its tenant admin as a user of the new",
      "tenant (the server's tenant body takes no admin). The admin needs an email",
      "(--admin-email, asked on a terminal) and a password (asked twice, hidden, on a",
      "terminal; without one, pipe it with --admin-password-stdin). If the admin cannot be",
      "created, the tenant stays: the error gives its id and the create-user line to finish.",
      "",
      "The server does not keep tenant names unique; this refuses a name already in use.",
      "",
      "Examples:",
      "  pangolin-admin create-tenant --name acme -P owner=data-team",
      "  printf '%s' \"$PW\" | pangolin-admin create-tenant --name acme --admin-username \\",
      "    acme-admin --admin-email ops@acme.example --admin-password-stdin",
    ].join("\n"),
  },
  parameters: {
    flags: {
      name: { kind: "parsed", parse: parseNonEmpty, brief: "Tenant name", placeholder: "name" },
      property: propertyFlag("A tenant property (repeatable)"),
      adminUsername: {
        kind: "parsed",
        parse: parseNonEmpty,
        optional: true,
        brief: "Also create this tenant admin",
        placeholder: "name",
      },
      adminEmail: {
        kind: "parsed",
        parse: parseEmail,
        optional: true,
        brief: "The tenant admin's email (required by the server)",
        placeholder: "email",
      },
      adminPassword: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "The tenant admin's password (visible to others; prefer --admin-password-stdin)",
        placeholder: "password",
      },
      adminPasswordStdin: {
        kind: "boolean",
        optional: true,
        brief: "Read the tenant admin's password from stdin",
      },
    },
    aliases: { n: "name", P: "property" },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const admin = flags.adminUsername;
    const source: PasswordSource = {
      value: flags.adminPassword,
      stdin: flags.adminPasswordStdin,
      flag: "--admin-password",
      stdinFlag: "--admin-password-stdin",
    };
    if (admin === undefined) {
      if (flags.adminEmail !== undefined || source.value !== undefined || source.stdin) {
        throw new UsageError(
          "--admin-email and --admin-password(-stdin) go with --admin-username",
        );
      }
    } else {
      checkPasswordSource(this, source, true);
      if (flags.adminEmail === undefined && !this.prompter.interactive) {
        throw new UsageError(
          `Missing --admin-email: the server needs an email for the tenant admin ${admin} ` +
            "(no terminal to ask on)",
        );
      }
    }
    const properties = propertiesOf(flags.property) ?? {};
    const { api } = await connect(this);
    await refuseTakenName(api, flags.name, admin);

    let email: string | undefined;
    let password: string | undefined;
    if (admin !== undefined) {
      email = flags.adminEmail ?? await askEmail(this, admin);
      password = await readNewPassword(this, source, `Password for tenant admin ${admin}:`);
    }
    const tenant = await createTenant(api, { name: flags.name, properties })
      .catch(rootOnly("create tenants"));
    if (!this.globals.json) {
      say(this, `✅ Tenant ${tenant.name} created`);
      say(this, `Tenant ID: ${tenant.id}`);
    }
    if (admin === undefined) {
      if (this.globals.json) printJson(this, tenant);
      return;
    }
    // The old CLI put the admin in the tenant body (422, nothing created); an admin is a user.
    let user: UserInfo;
    try {
      user = await createUser(api, {
        username: admin,
        email: email!,
        password: password!,
        tenant_id: tenant.id,
        role: "tenant-admin",
      });
    } catch (err) {
      if (this.globals.json) printJson(this, { ...tenant, admin: null });
      throw adminFailed(tenant, admin, email!, err);
    }
    if (this.globals.json) {
      printJson(this, { ...tenant, admin: user });
      return;
    }
    say(this, `✅ Tenant admin ${user.username} created`);
    say(this, `User ID:   ${user.id}`);
  },
});

/**
 * POST /api/v1/tenants accepts a name already in use and makes a second tenant of that name,
 * which 'use <name>' then cannot choose between (api.md 7.4 #27): refuse it.
 */
async function refuseTakenName(api: ApiClient, name: string, admin?: string): Promise<void> {
  const taken: Tenant[] = (await listTenants(api, { all: true }).catch(rootOnly("create tenants")))
    .filter((t) => t.name === name);
  if (taken.length === 0) return;
  const ids = taken.map((t) => t.id).join(", ");
  throw new CommandFailure(
    `A tenant named '${name}' already exists (${ids}); nothing was created.`,
    1,
    admin === undefined
      ? "the server does not keep tenant names unique; choose another name"
      : `to add an admin to it: pangolin-admin create-user ${shellWord(admin)} --email <email> ` +
        `--role tenant-admin --tenant-id ${taken[0].id} --password-stdin`,
  );
}

async function askEmail(ctx: Context, admin: string): Promise<string> {
  const answer = await ctx.prompter.input(`Email of tenant admin ${admin}:`);
  try {
    return parseEmail(answer);
  } catch (err) {
    throw new UsageError(`${(err as Error).message}; nothing was created`);
  }
}

/** The tenant exists but its admin does not: say so, with the line that finishes the job. */
function adminFailed(tenant: Tenant, admin: string, email: string, err: unknown): CommandFailure {
  const why = err instanceof Error ? err.message : String(err);
  return new CommandFailure(
    `Tenant ${tenant.name} was created (id ${tenant.id}), but creating its admin ${admin} ` +
      `failed: ${why}`,
    exitCodeFor(err),
    `add the admin with: pangolin-admin create-user ${shellWord(admin)} --email ` +
      `${shellWord(email)} --role tenant-admin --tenant-id ${tenant.id} --password-stdin`,
  );
}
