import { resolve } from 'node:path';
import { DEFAULT_MAX_IN_FLIGHT, DEFAULT_RATES } from './app.ts';
import { DEFAULT_EXPORT_HEAP_MB } from './export/run-export.ts';

export interface ServerConfig {
  mode: 'development' | 'production';
  host: string;
  port: number;
  /** Where the embedded PostgreSQL keeps its cluster (DATA_DIR, default ./data). */
  dataDir: string;
  /** An external PostgreSQL ≥ 15 instead of the embedded one. */
  databaseUrl: string | undefined;
  embeddedPgPort: number;
  poolSize: number;
  distDir: string;
  logLevel: string;
  rates: typeof DEFAULT_RATES;
  maxInFlight: number;
  /** Where browsers reach the server, when a proxy stands in front (https://study.example.org). */
  publicOrigin: string | undefined;
  /** The owner account made at the first start. */
  ownerEmail: string;
  ownerPassword: string | undefined;
  exportHeapMb: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Settings from the environment (and `--dev`), each checked with a message that names it. */
export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[], root = process.cwd()): ServerConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgres:// or postgresql://');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const publicOrigin = env.PUBLIC_ORIGIN || undefined;
  if (publicOrigin && !/^https?:\/\/[^/\s]+$/.test(publicOrigin))
    problems.push(`PUBLIC_ORIGIN must be an origin such as https://study.example.org (no path), got "${publicOrigin}"`);
  const ownerEmail = (env.OWNER_EMAIL || 'owner@localhost').trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(ownerEmail)) problems.push(`OWNER_EMAIL must be an e-mail address, got "${ownerEmail}"`);
  const ownerPassword = env.OWNER_PASSWORD || undefined;
  if (ownerPassword !== undefined && ownerPassword.length < 12) problems.push('OWNER_PASSWORD must be at least 12 characters');
  const unknownArgs = argv.filter((a) => a !== '--dev');
  if (unknownArgs.length) problems.push(`unknown argument ${unknownArgs.join(' ')} (the only one is --dev)`);
  const config: ServerConfig = {
    mode: argv.includes('--dev') ? 'development' : 'production',
    host: env.HOST || 'localhost',
    port: int('PORT', 5173, 1, 65535),
    dataDir: resolve(root, env.DATA_DIR || 'data'),
    databaseUrl,
    embeddedPgPort: int('PG_PORT', 54320, 1, 65535),
    poolSize: int('PG_POOL_SIZE', 10, 1, 1000),
    distDir: resolve(root, env.DIST_DIR || 'dist'),
    logLevel,
    maxInFlight: int('MAX_IN_FLIGHT', DEFAULT_MAX_IN_FLIGHT, 1, 100_000),
    publicOrigin,
    ownerEmail,
    ownerPassword,
    exportHeapMb: int('EXPORT_HEAP_MB', DEFAULT_EXPORT_HEAP_MB, 64, 65_536),
    rates: {
      sessionPerSecond: int('SESSION_RATE', DEFAULT_RATES.sessionPerSecond, 1, 100_000),
      sessionBurst: int('SESSION_BURST', DEFAULT_RATES.sessionBurst, 1, 100_000),
      createPerSecond: int('CREATE_RATE', DEFAULT_RATES.createPerSecond, 1, 100_000),
      createBurst: int('CREATE_BURST', DEFAULT_RATES.createBurst, 1, 100_000),
    },
  };
  if (problems.length) throw new Error(`server settings: ${problems.join('; ')}`);
  return config;
}
