import { hash, verify } from '@node-rs/argon2';

// argon2id with the library defaults (19 MiB, 2 passes): the OWASP baseline.
export function hashSecret(secret: string): Promise<string> {
  return hash(secret);
}

export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(storedHash, secret);
  } catch {
    return false;
  }
}

// A memo, not state: the hash of a fixed string, the same for every node, computed once because argon2 is slow.
let dummyHash: Promise<string> | undefined;

/** Spend the same time on an unknown account as on a known one, so timing tells nothing. */
export async function verifyAgainstDummy(secret: string): Promise<void> {
  dummyHash ??= hash('carrel-no-such-account');
  await verifySecret(await dummyHash, secret);
}
