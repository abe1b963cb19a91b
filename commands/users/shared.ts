/** Pieces shared by the user verbs (and create-tenant): new passwords, emails, roles, tables. */
import type { UserInfo } from "../../lib/api/auth.ts";
import type { Context } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { type Block, type Column, note, table, warn } from "../../lib/output.ts";
import type { Session } from "../../lib/session.ts";
import { parseRole } from "../../lib/validate.ts";

export { DEFAULT_TENANT, listedTenant } from "../../lib/resolve.ts";

/** The roles a user can be created with: the server refuses `root` (403). */
export type UserRole = "tenant-admin" | "tenant-user";

/** Accepts tenant-admin or tenant-user (and the old CLI's PascalCase spellings). */
export function parseUserRole(input: string): UserRole {
  const role = parseRole(input);
  if (role === "root") {
    throw new SyntaxError(
      "users cannot be created as root (the server refuses it); use tenant-admin or tenant-user",
    );
  }
  return role;
}

/** An email address: the server does not check it, so at least refuse what cannot be one. */
export function parseEmail(input: string): string {
  const email = input.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new SyntaxError(`'${input}' is not an email address`);
  return email;
}

/** Where a new password may come from, and the flag names that say so. */
export interface PasswordSource {
  value?: string;
  stdin?: boolean;
  flag: string;
  stdinFlag: string;
}

/**
 * Refuses, before anything is sent, a password given twice, or one that is missing when
 * nobody is at a terminal to type it.
 */
export function checkPasswordSource(ctx: Context, src: PasswordSource, required: boolean): void {
  if (src.stdin && src.value !== undefined) {
    throw new UsageError(`${src.flag} and ${src.stdinFlag} cannot be used together`);
  }
  if (required && src.value === undefined && !src.stdin && !ctx.prompter.interactive) {
    throw new UsageError(
      `Missing ${src.flag}: pass ${src.stdinFlag} and pipe it in (no terminal to ask on)`,
    );
  }
}

/**
 * A new password: from stdin, from the flag (with a warning), or asked twice, hidden, on a
 * terminal (a mistyped new password would lock the account out). Undefined when none was
 * given and `prompt` is absent.
 */
export async function readNewPassword(
  ctx: Context,
  src: PasswordSource,
  prompt?: string,
): Promise<string | undefined> {
  checkPasswordSource(ctx, src, prompt !== undefined);
  if (src.stdin) {
    const text = (await ctx.io.readStdin()).replace(/\r?\n$/, "");
    if (text === "") throw new UsageError(`${src.stdinFlag} read an empty password`);
    return text;
  }
  if (src.value !== undefined) {
    if (src.value === "") throw new UsageError(`${src.flag} must not be empty`);
    warn(
      ctx,
      "Warning: a password on the command line is visible to other local users " +
        `(process list, shell history); prefer ${src.stdinFlag}.`,
    );
    return src.value;
  }
  if (prompt === undefined) return undefined;
  const first = await ctx.prompter.password(prompt);
  if (first === "") throw new UsageError("The password must not be empty; nothing was sent");
  const again = await ctx.prompter.password("Repeat the password:");
  if (again !== first) throw new UsageError("The two passwords differ; nothing was sent");
  return first;
}

/**
 * The server ignores X-Pangolin-Tenant for sessions other than root (api.md 2.7) without a
 * word; say so when --tenant or PANGOLIN_TENANT names another tenant than the session's.
 */
export function noteIgnoredTenant(ctx: Context, session: Session): void {
  const claims = session.claims;
  if (!claims?.role || claims.role === "root" || !session.tenant) return;
  if (session.tenantSource === "profile" || session.tenant === claims.tenant_id) return;
  const own = claims.tenant_id ? ` ${claims.tenant_id}` : "";
  note(
    ctx,
    `Note: the server ignores ${session.tenantSource} for a ${claims.role} session; this ` +
      `works in your own tenant${own}.`,
  );
}

/** A table of users: ID, Username, Email, Role, Created At. */
export function userTable(ctx: Context, users: readonly UserInfo[]): Block {
  const columns: Column<UserInfo>[] = [
    { header: "ID", kind: "id", cell: (u) => u.id },
    { header: "Username", cell: (u) => u.username },
    { header: "Email", cell: (u) => u.email },
    { header: "Role", cell: (u) => u.role },
    { header: "Created At", kind: "time", cell: (u) => u["created-at"] },
  ];
  return table(ctx, users, columns);
}

/** A word as a POSIX shell reads it back: quoted unless it is plainly safe. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
