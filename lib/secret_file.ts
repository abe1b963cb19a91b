/**
 * Secret files (`--key-file`, `--token-file`): claimed BEFORE the request that mints the
 * secret, so a path that cannot take it is refused while nothing has been sent, and written
 * after the reply into exactly what was claimed, 0600 from the first byte.
 *
 * Without `--force` the path is created exclusively (O_EXCL: never through a symbolic link).
 * With `--force` an existing path is replaceable only when it is a regular file owned by the
 * user (not a symbolic link, which would send the secret elsewhere or silently break the link,
 * and not a folder); a sibling temp file is created at once (proving the folder writable) and
 * renamed over the old file once the secret is in it, as ssh-keygen's users expect of a key
 * file they asked to overwrite.
 */
import { UsageError } from "./errors.ts";

/** A path held for a secret that is about to be minted. */
export interface SecretFileClaim {
  readonly path: string;
  /** Writes the secret into the claimed file; on failure nothing half-written is left. */
  write(text: string): Promise<void>;
  /** Gives the claim up (the request failed): removes what was created for it. */
  release(): Promise<void>;
}

const IS_WINDOWS = Deno.build.os === "windows";

function dirOf(path: string): string {
  const at = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (at < 0) return ".";
  return at === 0 ? path.slice(0, 1) : path.slice(0, at);
}

function reason(err: unknown): string {
  if (err instanceof Deno.errors.PermissionDenied || err instanceof Deno.errors.NotCapable) {
    return "permission denied";
  }
  const text = err instanceof Error ? err.message : String(err);
  // "No such file or directory (os error 2): open '/x'": the path is named by the caller.
  return text.replace(/:? ?\b(open|rename|stat|lstat) '.*'$/, "").replace(/ \(os error \d+\)/, "")
    .toLowerCase();
}

async function lstatOrNull(path: string): Promise<Deno.FileInfo | null> {
  try {
    return await Deno.lstat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

function sameFile(a: Deno.FileInfo | null, b: Deno.FileInfo | null): boolean {
  if (!a || !b) return false;
  if (IS_WINDOWS || a.ino === null || b.ino === null) return a.isFile && b.isFile;
  return a.dev === b.dev && a.ino === b.ino;
}

async function writeAll(file: Deno.FsFile, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  while (written < bytes.length) written += await file.write(bytes.subarray(written));
  await file.sync();
}

/** Why `path` cannot be created, as one line for a usage error. */
async function refusal(path: string, flag: string, err: unknown): Promise<UsageError> {
  const found = await lstatOrNull(path).catch(() => null);
  if (found?.isSymlink) {
    return new UsageError(`${flag} ${path} is a symbolic link; name the file itself`);
  }
  if (found?.isDirectory || path.endsWith("/")) {
    return new UsageError(`${flag} ${path} is a folder; name a file inside it`);
  }
  if (found) return new UsageError(`${flag} ${path} already exists; pass --force to replace it`);
  const dir = dirOf(path);
  const folder = await lstatOrNull(dir).catch(() => null);
  if (!folder) return new UsageError(`${flag} ${path}: the folder ${dir} does not exist`);
  if (!folder.isDirectory && !folder.isSymlink) {
    return new UsageError(`${flag} ${path}: ${dir} is not a folder`);
  }
  return new UsageError(
    `${flag} ${path} cannot be created: the folder ${dir} is not writable (${reason(err)})`,
  );
}

async function createExclusive(path: string, flag: string): Promise<SecretFileClaim> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { createNew: true, write: true, mode: 0o600 });
  } catch (err) {
    throw await refusal(path, flag, err);
  }
  const mine = await file.stat();
  let open = true;
  const close = () => {
    if (open) file.close();
    open = false;
  };
  // Remove only the file this claim created: someone may have put another one there since.
  const removeOurs = async () => {
    if (sameFile(mine, await lstatOrNull(path).catch(() => null))) {
      await Deno.remove(path).catch(() => {});
    }
  };
  return {
    path,
    async write(text) {
      try {
        await writeAll(file, text);
        close();
        // Written through the handle, so it is the claimed file; check that the path still
        // names it (a file removed or replaced meanwhile would take the secret with it).
        if (!sameFile(mine, await lstatOrNull(path))) {
          throw new Error("the file was removed or replaced while the request ran");
        }
      } catch (err) {
        close();
        await removeOurs();
        throw err;
      }
    },
    async release() {
      close();
      await removeOurs();
    },
  };
}

async function claimReplacement(
  path: string,
  flag: string,
  found: Deno.FileInfo,
): Promise<SecretFileClaim> {
  if (found.isSymlink) {
    throw new UsageError(
      `${flag} ${path} is a symbolic link; --force replaces only a regular file (name the file ` +
        "itself)",
    );
  }
  if (found.isDirectory) throw new UsageError(`${flag} ${path} is a folder; name a file inside it`);
  if (!found.isFile) throw new UsageError(`${flag} ${path} is not a regular file`);
  const uid = IS_WINDOWS ? null : Deno.uid();
  if (uid !== null && found.uid !== null && found.uid !== uid) {
    throw new UsageError(
      `${flag} ${path} is owned by another user (uid ${found.uid}); refusing to replace it`,
    );
  }
  const dir = dirOf(path);
  const suffix = crypto.getRandomValues(new Uint32Array(1))[0].toString(16);
  const temp = `${path}.${Deno.pid}.${suffix}.tmp`;
  let file: Deno.FsFile;
  try {
    file = await Deno.open(temp, { createNew: true, write: true, mode: 0o600 });
  } catch (err) {
    throw new UsageError(
      `${flag} ${path} cannot be replaced: the folder ${dir} is not writable (${reason(err)})`,
    );
  }
  let open = true;
  const close = () => {
    if (open) file.close();
    open = false;
  };
  const drop = async () => {
    close();
    await Deno.remove(temp).catch(() => {});
  };
  return {
    path,
    async write(text) {
      try {
        await writeAll(file, text);
        close();
        const now = await lstatOrNull(path);
        if (now && !sameFile(found, now)) {
          throw new Error("the file was replaced by something else while the request ran");
        }
        await Deno.rename(temp, path);
      } catch (err) {
        await drop();
        throw err;
      }
    },
    release: drop,
  };
}

/**
 * Claims `path` for a secret minted next; refuses (UsageError, exit 2) a path that cannot take
 * it. `flag` names the option in messages.
 */
export async function claimSecretFile(
  path: string,
  force: boolean,
  flag = "--key-file",
): Promise<SecretFileClaim> {
  if (path.trim() === "") throw new UsageError(`${flag} needs a path (got an empty string)`);
  if (force) {
    const found = await lstatOrNull(path).catch(() => null);
    if (found) return await claimReplacement(path, flag, found);
  }
  return await createExclusive(path, flag);
}

/**
 * Runs `mint` (the request that creates the secret) with `claim` held: when it fails, the
 * claim is given up, so no empty file is left behind.
 */
export async function mintInto<T>(
  claim: SecretFileClaim | undefined,
  mint: () => Promise<T>,
): Promise<T> {
  try {
    return await mint();
  } catch (err) {
    await claim?.release();
    throw err;
  }
}

/**
 * Writes a minted secret into its claimed file. Returns undefined when written, else why not
 * (the caller then shows the secret once on stdout instead and exits 1).
 */
export async function storeSecret(
  claim: SecretFileClaim,
  text: string,
): Promise<string | undefined> {
  try {
    await claim.write(text);
    return undefined;
  } catch (err) {
    return reason(err);
  }
}
