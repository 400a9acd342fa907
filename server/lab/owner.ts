import type pg from 'pg';
import { PASSWORD_MIN } from '../../core/protocol/lab.ts';
import { audit } from '../store/audit.ts';
import { insertResearcher, researcherCount } from '../store/researchers.ts';
import { generatePassword, hashPassword } from './password.ts';

// The first start of a server makes the lab's owner account: OWNER_EMAIL (default owner@localhost)
// with OWNER_PASSWORD, or a generated password that is printed once.

export async function ensureOwner(
  pool: pg.Pool,
  env: { email: string; password: string | undefined },
  print: (line: string) => void,
): Promise<'exists' | 'created'> {
  if ((await researcherCount(pool)) > 0) return 'exists';
  if (env.password !== undefined && env.password.length < PASSWORD_MIN)
    throw new Error(`OWNER_PASSWORD must be at least ${PASSWORD_MIN} characters`);
  const password = env.password ?? generatePassword();
  const owner = await insertResearcher(pool, {
    email: env.email,
    name: 'Lab owner',
    role: 'owner',
    passwordHash: await hashPassword(password),
  });
  if (!owner) return 'exists';
  await audit(pool, owner, { action: 'owner-created' });
  if (env.password === undefined) {
    print(`The workspace's owner account was created: ${env.email}, password ${password}`);
    print('This password is shown only now: note it, then change it in the workspace (Team → your password).');
  } else print(`The workspace's owner account was created: ${env.email} (password from OWNER_PASSWORD).`);
  return 'created';
}
