/** Pieces shared by the tenant verbs: `-P key=value` properties and the tenant table. */
import type { Tenant } from "../../lib/api/tenants.ts";
import { ApiError, UsageError } from "../../lib/errors.ts";
import { parseProperty, propertyFlag } from "../../lib/flags.ts";
import type { Context } from "../../lib/context.ts";
import { type Block, type Column, table } from "../../lib/output.ts";

/** The `-P` parser and flag, shared by every command that takes properties. */
export { parseProperty, propertyFlag };

/** The properties as an object; a key given twice is a usage error (which one was meant?). */
export function propertiesOf(
  pairs: ReadonlyArray<readonly [string, string]> | undefined,
): Record<string, string> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of pairs) {
    if (Object.hasOwn(out, key)) {
      throw new UsageError(`-P ${key} is given twice; give each key once`);
    }
    out[key] = value;
  }
  return out;
}

/** `a=1, b=2`, or `-` when there are none. */
export function formatProperties(properties: Record<string, string> | undefined): string {
  const entries = Object.entries(properties ?? {});
  return entries.length === 0 ? "-" : entries.map(([k, v]) => `${k}=${v}`).join(", ");
}

/** A table of tenants: ID, Name, Properties. */
export function tenantTable(ctx: Context, tenants: readonly Tenant[]): Block {
  const columns: Column<Tenant>[] = [
    { header: "ID", kind: "id", cell: (t) => t.id },
    { header: "Name", cell: (t) => t.name },
    { header: "Properties", cell: (t) => formatProperties(t.properties) },
  ];
  return table(ctx, tenants, columns);
}

/** A 403 from a root-only tenant route gets a hint that says so (the default names admins). */
export function rootOnly(what: string): (err: unknown) => never {
  return (err: unknown): never => {
    if (err instanceof ApiError && err.status === 403) {
      throw new ApiError(err.what, err.status, err.serverMessage, {
        ...err.options,
        hint: `only root can ${what}; log in as root`,
      });
    }
    throw err;
  };
}
