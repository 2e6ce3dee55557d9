import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Where the visitor hash's secret lives: never in the table (a copy of the table must not let anyone recompute
 * visitor ids from addresses). On AWS a Secrets Manager secret the stack creates; locally a file under the data
 * folder, created on first use.
 */

const SECRET_BYTES = 32;

/** A file holding the secret (hex); created with mode 0600 when missing. Two processes racing agree (`wx`). */
export function fileVisitorSecret(path: string): () => Promise<Uint8Array> {
  return async () => {
    try {
      return Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(path, `${randomBytes(SECRET_BYTES).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
  };
}

/** The secret string of a Secrets Manager secret (infra/stacks/api-stack.ts generates it). */
export async function readSecretString(secretId: string, region: string | undefined): Promise<string> {
  const client = new SecretsManagerClient({ region });
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!SecretString || SecretString.length < 32) throw new Error(`secret ${secretId} holds no key`);
  return SecretString;
}

/**
 * `read`, done once and kept for the life of the process (a Lambda container): a read that failed is not kept,
 * so the next caller tries again.
 */
export function readOnce<T>(read: () => Promise<T>): () => Promise<T> {
  let kept: Promise<T> | undefined;
  return () =>
    (kept ??= read().catch((error: unknown) => {
      kept = undefined;
      throw error;
    }));
}

/** The visitor secret on AWS, read once per container (visitorIdentity keeps it). */
export function secretsManagerVisitorSecret(secretId: string, region: string | undefined): () => Promise<Uint8Array> {
  return async () => Buffer.from(await readSecretString(secretId, region), 'utf8');
}
