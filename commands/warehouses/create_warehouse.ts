import { defineCommand } from "../../lib/command.ts";
import { CommandFailure, UsageError } from "../../lib/errors.ts";
import { createWarehouse, findWarehouse } from "../../lib/api/warehouses.ts";
import type { ApiClient } from "../../lib/api/client.ts";
import type { Context } from "../../lib/context.ts";
import { printJson, say, warn } from "../../lib/output.ts";
import { connect } from "../../lib/session.ts";
import {
  gatherProperties,
  nameParameter,
  propertiesStdinFlag,
  type Property,
  propertyFlag,
  setOnce,
} from "../catalogs/shared.ts";
import { requireTenantAdmin } from "./shared.ts";

type StorageType = "s3" | "gcs" | "azure";

interface Flags {
  type?: StorageType;
  bucket?: string;
  accessKey?: string;
  secretKey?: string;
  secretKeyStdin?: boolean;
  region?: string;
  endpoint?: string;
  useSts?: boolean;
  property?: readonly Property[];
  propertiesStdin?: boolean;
}

/** The storage_config keys each flag fills, per storage type (the old CLI's keys). */
const KEYS: Record<StorageType, {
  bucket: string;
  accessKey?: string;
  secretKey?: string;
  region?: string;
  endpoint?: string;
}> = {
  s3: {
    bucket: "s3.bucket",
    accessKey: "s3.access-key-id",
    secretKey: "s3.secret-access-key",
    region: "s3.region",
    endpoint: "s3.endpoint",
  },
  gcs: { bucket: "gcs.bucket" },
  azure: {
    bucket: "azure.container",
    accessKey: "adls.account-name",
    secretKey: "adls.account-key",
  },
};

function parseStorageType(input: string): StorageType {
  const v = input.trim().toLowerCase();
  if (v === "s3" || v === "gcs") return v;
  if (v === "azure" || v === "adls") return "azure";
  throw new SyntaxError(`'${input}' is not a storage type (s3, gcs, azure)`);
}

function optionalText(brief: string, placeholder: string) {
  return { kind: "parsed", parse: String, optional: true, brief, placeholder } as const;
}

/** `create-warehouse`: a warehouse with its storage settings (tenant admin only). */
export const createWarehouseCommand = defineCommand({
  docs: {
    brief: "Create a warehouse (tenant admin)",
    fullDescription: [
      "Creates a warehouse in your tenant. Only a tenant admin can: root is refused by the",
      "server even after 'use <tenant>'. The flags fill the storage_config keys the server",
      "reads: s3.bucket, s3.access-key-id, s3.secret-access-key, s3.region, s3.endpoint (s3);",
      "gcs.bucket (gcs); azure.container, adls.account-name, adls.account-key (azure). -P adds",
      "any other key (gcs.project-id, gcs.service-account-file, adls.sas-token, ...).",
      "",
      "The secret key is never printed back. --secret-key on the command line is visible to",
      "other local users; pipe it with --secret-key-stdin (or type it at the hidden prompt),",
      "and other secrets as key=value lines with --properties-stdin.",
      "",
      "The server silently replaces a warehouse of the same name, so an existing name is",
      "refused here.",
      "",
      "Examples:",
      "  pangolin-admin create-warehouse s3-main --bucket lake --region us-east-1 " +
      "--access-key AKIAEXAMPLE --secret-key-stdin < s3-secret.txt",
      "  pangolin-admin create-warehouse gcs-main --type gcs --bucket lake " +
      "-P gcs.project-id=analytics -P gcs.service-account-file=/etc/pangolin/sa.json",
    ].join("\n"),
  },
  parameters: {
    positional: { kind: "tuple", parameters: [nameParameter("Warehouse name")] },
    flags: {
      type: {
        kind: "parsed",
        parse: parseStorageType,
        optional: true,
        brief: "Storage type: s3 (default), gcs or azure",
        placeholder: "s3|gcs|azure",
      },
      bucket: optionalText("Bucket (azure: container)", "bucket"),
      accessKey: optionalText("Access key id (azure: storage account name)", "key-id"),
      secretKey: optionalText(
        "Secret key (azure: account key); visible to other users, prefer --secret-key-stdin",
        "secret",
      ),
      secretKeyStdin: {
        kind: "boolean",
        optional: true,
        brief: "Read the secret key from stdin",
      },
      region: optionalText("Region (s3)", "region"),
      endpoint: optionalText("Endpoint URL, e.g. for MinIO (s3)", "url"),
      useSts: {
        kind: "boolean",
        optional: true,
        brief: "Vend temporary credentials through STS (use_sts)",
      },
      property: propertyFlag("A storage_config entry key=value (repeatable)"),
      propertiesStdin: propertiesStdinFlag,
    },
    aliases: { P: "property" },
  },
  func: async function (this: Context, flags: Flags, name: string): Promise<void> {
    const type = flags.type ?? "s3";
    const keys = KEYS[type];
    checkFlagsFit(type, flags);
    const config = await gatherProperties(
      this,
      flags,
      keys.secretKey ? "--secret-key-stdin or --properties-stdin" : "--properties-stdin",
    );
    setOnce(config, keys.bucket, flags.bucket, "--bucket");
    if (keys.accessKey) setOnce(config, keys.accessKey, flags.accessKey, "--access-key");
    if (keys.region) setOnce(config, keys.region, flags.region, "--region");
    if (keys.endpoint) setOnce(config, keys.endpoint, flags.endpoint, "--endpoint");
    const wantsSecret = secretNeeded(this, keys, flags, config);
    const { session, api } = await connect(this);
    requireTenantAdmin(session, "create");
    await refuseExisting(api, name);
    if (wantsSecret && keys.secretKey) {
      setOnce(config, keys.secretKey, await readSecret(this, flags), "--secret-key");
    }
    const warehouse = await createWarehouse(api, {
      name,
      use_sts: !!flags.useSts,
      storage_config: config,
    });
    if (this.globals.json) {
      printJson(this, warehouse);
      return;
    }
    say(this, `✅ Warehouse ${warehouse.name} created`);
  },
});

function checkFlagsFit(type: StorageType, flags: Flags): void {
  const given = (pairs: Array<[string, unknown]>) =>
    pairs.filter(([, v]) => v !== undefined && v !== false).map(([f]) => f);
  const foreign = type === "gcs"
    ? given([
      ["--access-key", flags.accessKey],
      ["--secret-key", flags.secretKey],
      ["--secret-key-stdin", flags.secretKeyStdin],
      ["--region", flags.region],
      ["--endpoint", flags.endpoint],
    ])
    : type === "azure"
    ? given([["--region", flags.region], ["--endpoint", flags.endpoint]])
    : [];
  if (foreign.length > 0) {
    throw new UsageError(
      `${foreign.join(", ")} cannot be used with --type ${type}; give other settings with -P`,
    );
  }
  if (flags.secretKey !== undefined && flags.secretKeyStdin) {
    throw new UsageError("--secret-key and --secret-key-stdin cannot be used together");
  }
  if (flags.secretKeyStdin && flags.propertiesStdin) {
    throw new UsageError(
      "--secret-key-stdin and --properties-stdin both read stdin; put the secret key in the " +
        "properties instead",
    );
  }
}

/**
 * Whether a secret key is to be read (flag, stdin or the hidden prompt). A secret without its
 * access key, or an access key without its secret and nobody to ask, is a usage error.
 */
function secretNeeded(
  ctx: Context,
  keys: typeof KEYS[StorageType],
  flags: Flags,
  config: Record<string, string>,
): boolean {
  if (!keys.secretKey || !keys.accessKey) return false;
  if (flags.secretKey !== undefined || flags.secretKeyStdin) {
    if (!Object.hasOwn(config, keys.accessKey)) {
      throw new UsageError("A secret key needs its --access-key");
    }
    if (Object.hasOwn(config, keys.secretKey)) {
      throw new UsageError(`The secret key is given twice (-P ${keys.secretKey} and a flag)`);
    }
    return true;
  }
  if (flags.accessKey === undefined || Object.hasOwn(config, keys.secretKey)) return false;
  if (!ctx.prompter.interactive) {
    throw new UsageError(
      "--access-key needs its secret: pipe it with --secret-key-stdin (no terminal to ask on)",
    );
  }
  return true;
}

async function readSecret(ctx: Context, flags: Flags): Promise<string> {
  if (flags.secretKeyStdin) {
    const text = (await ctx.io.readStdin()).replace(/\r?\n$/, "");
    if (text === "") throw new UsageError("--secret-key-stdin read an empty secret");
    return text;
  }
  if (flags.secretKey !== undefined) {
    warn(
      ctx,
      "Warning: a secret key on the command line is visible to other local users " +
        "(process list, shell history); prefer --secret-key-stdin.",
    );
    return flags.secretKey;
  }
  const secret = await ctx.prompter.password("Secret key:");
  if (secret === "") throw new UsageError("A secret key is required with --access-key");
  return secret;
}

/**
 * POST /api/v1/warehouses replaces a warehouse of the same name on the in-memory store (and
 * answers 500 on PostgreSQL): an existing name is refused before anything is written. The
 * listing decides, not GET by name, which still answers for a name renamed away.
 */
async function refuseExisting(api: ApiClient, name: string): Promise<void> {
  if (!(await findWarehouse(api, name))) return;
  throw new CommandFailure(
    `Warehouse '${name}' already exists; the server would silently replace it and its ` +
      "storage settings.",
    1,
    `choose another name, or delete it first: pangolin-admin delete-warehouse ${name}`,
  );
}
