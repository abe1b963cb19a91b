import { defineCommand } from "../../lib/command.ts";
import { createServiceUser, type CreateServiceUserRequest } from "../../lib/api/service_users.ts";
import type { Context } from "../../lib/context.ts";
import { say } from "../../lib/output.ts";
import { mintInto } from "../../lib/secret_file.ts";
import { connect } from "../../lib/session.ts";
import { intParser, parseNonEmpty, parseRole, type Role } from "../../lib/validate.ts";
import { claimKeyFile, deliverKey, keyFileFlags } from "./shared.ts";

interface Flags {
  name: string;
  description?: string;
  role?: Role;
  expiresInDays?: number;
  keyFile?: string;
  force?: boolean;
}

/** `create-service-user`: a service user for automation, with its API key shown once. */
export const createServiceUserCommand = defineCommand({
  docs: {
    brief: "Create a service user and show its API key once (admin)",
    fullDescription: [
      "Creates a service user in the current tenant. The API key is shown only now, with the",
      "two environment lines a cron job needs (the key works through the client-credentials",
      "exchange, which a default server accepts).",
      "",
      "Examples:",
      "  pangolin-admin create-service-user --name nightly-etl --description 'ETL job'",
      "  pangolin-admin create-service-user --name ci --role tenant-admin --key-file ./ci.key",
    ].join("\n"),
  },
  parameters: {
    flags: {
      name: { kind: "parsed", parse: parseNonEmpty, brief: "Name", placeholder: "name" },
      description: {
        kind: "parsed",
        parse: String,
        optional: true,
        brief: "Description",
        placeholder: "text",
      },
      role: {
        kind: "parsed",
        parse: parseRole,
        optional: true,
        brief: "Role: tenant-user (default), tenant-admin or root",
        placeholder: "role",
      },
      expiresInDays: {
        kind: "parsed",
        parse: intParser(1, 36500),
        optional: true,
        brief: "Days until the service user expires (default: never)",
        placeholder: "days",
      },
      ...keyFileFlags,
    },
  },
  func: async function (this: Context, flags: Flags): Promise<void> {
    const claim = await claimKeyFile(this, flags.keyFile, flags.force);
    // The old CLI sent "TenantUser", which the server refuses with 422: the role is kebab-case.
    const body: CreateServiceUserRequest = { name: flags.name, role: flags.role ?? "tenant-user" };
    if (flags.description !== undefined) body.description = flags.description;
    if (flags.expiresInDays !== undefined) body.expires_in_days = flags.expiresInDays;
    const issued = await mintInto(claim, async () => {
      const { api } = await connect(this);
      return await createServiceUser(api, body);
    });
    if (!this.globals.json) {
      say(this, `✅ Service user ${issued.name} created (role ${issued.role})`);
    }
    await deliverKey(this, issued, claim);
  },
});
