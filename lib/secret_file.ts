/** Writes a secret (a token, an API key) to a new file that only its owner can read. */
import { UsageError } from "./errors.ts";

/**
 * Creates `path` with mode 0600 from the first byte. An existing file is refused unless
 * `force`, and then replaced atomically (temp file and rename), never truncated in place.
 */
export async function writeSecretFile(path: string, text: string, force: boolean): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  const writeAll = async (file: Deno.FsFile) => {
    let written = 0;
    while (written < bytes.length) written += await file.write(bytes.subarray(written));
    await file.sync();
  };
  if (!force) {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path, { createNew: true, write: true, mode: 0o600 });
    } catch (err) {
      if (err instanceof Deno.errors.AlreadyExists) {
        throw new UsageError(`${path} already exists; pass --force to replace it`);
      }
      throw new UsageError(`Cannot create ${path}: ${(err as Error).message}`);
    }
    try {
      await writeAll(file);
    } finally {
      file.close();
    }
    return;
  }
  const temp = `${path}.${Deno.pid}.tmp`;
  try {
    const file = await Deno.open(temp, { createNew: true, write: true, mode: 0o600 });
    try {
      await writeAll(file);
    } finally {
      file.close();
    }
    await Deno.rename(temp, path);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw new UsageError(`Cannot write ${path}: ${(err as Error).message}`);
  }
}
