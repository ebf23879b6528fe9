import { isAbsolute, relative, resolve } from 'node:path';
import { envBoolean, envDurationMs, envEnum, envInt, envString, envUrl, platformEnvSchema } from '@emm/config';
import { mcpServerEnvSchema } from '@emm/mcp';
import { redisEnvRules, redisEnvSchema } from '@emm/redis';
import { z } from 'zod';

export { SERVICE_NAME } from './service-name';

const MIB = 1024 * 1024;

/** An S3 key prefix: no leading slash, always ending with one (`vault/`), so `vault2/` is never under `vault/`. */
const s3Prefix = (fallback: string) =>
  envString({ default: fallback }).transform((raw, ctx) => {
    const trimmed = raw.replace(/^\/+/, '').replace(/\/+$/, '');
    if (trimmed.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) {
      ctx.issues.push({ code: 'custom', message: 'must be a key prefix like vault/ (no empty, . or .. segments)', input: raw });
      return z.NEVER;
    }
    return `${trimmed}/`;
  });

export const appConfigSchema = platformEnvSchema
  .extend({
    ...redisEnvSchema.shape,
    ...mcpServerEnvSchema.shape,
    /** Where the vault and UNSORTED live: a directory (hostPath, PVC, NFS) or an S3 bucket. */
    STORAGE_BACKEND: envEnum(['local', 's3'], 'local'),
    /** local: the vault's root directory. */
    VAULT_DIR: envString().optional(),
    /** local: the UNSORTED inbox directory. */
    UNSORTED_DIR: envString().optional(),
    /** s3: the bucket holding both roots. Credentials come from the AWS SDK's chain (env, IRSA, …), never from here. */
    S3_BUCKET: envString().optional(),
    S3_VAULT_PREFIX: s3Prefix('vault/'),
    S3_UNSORTED_PREFIX: s3Prefix('unsorted/'),
    /** s3: the region; falls back to AWS_REGION, then us-east-1. */
    S3_REGION: envString().optional(),
    AWS_REGION: envString().optional(),
    /** s3: an S3-compatible endpoint (MinIO, Ceph, R2, …); unset means AWS. */
    S3_ENDPOINT: envUrl({ protocols: ['http:', 'https:'] }).optional(),
    /** s3: `bucket` in the path instead of the host name; most S3-compatible stores need it. */
    S3_FORCE_PATH_STYLE: envBoolean({ default: false }),
    /** s3: send `If-None-Match: *` so a create never overwrites; turn off for stores that answer 501 to it. */
    S3_CONDITIONAL_WRITES: envBoolean({ default: true }),
    /** Largest file read_file loads; larger ones get a clear error. */
    READ_MAX_BYTES: envInt({ default: 25 * MIB, min: 1024 }),
    /** A file in UNSORTED is listed only when unchanged for this long: it may still be being written. */
    UNSORTED_SETTLE_MS: envDurationMs({ default: 5_000 }),
    /** Longest a PDF/DOCX/HTML/text extraction may run before its worker is stopped. */
    EXTRACT_TIMEOUT_MS: envDurationMs({ default: 30_000 }),
    /** Extraction worker threads (they parse untrusted files off the event loop). */
    EXTRACT_WORKERS: envInt({ default: 2, min: 1, max: 32 }),
    /** Heap limit of each extraction worker, so a hostile file cannot exhaust the pod. */
    EXTRACT_WORKER_MEMORY_MB: envInt({ default: 512, min: 64, max: 16_384 }),
    /** local: fsync files and folders after writes, so a power loss never leaves an empty note. */
    LOCAL_FSYNC: envBoolean({ default: true }),
  })
  .superRefine(redisEnvRules)
  // Runs even when other variables are invalid, so every problem is reported in one go; hence the defensive reads.
  .superRefine(storageRules, { when: () => true });

type StorageEnv = Partial<Record<'STORAGE_BACKEND' | 'VAULT_DIR' | 'UNSORTED_DIR' | 'S3_BUCKET' | 'S3_VAULT_PREFIX' | 'S3_UNSORTED_PREFIX', unknown>>;

function storageRules(env: StorageEnv, ctx: z.RefinementCtx): void {
  const backend = env.STORAGE_BACKEND;
  if (backend !== 'local' && backend !== 's3') return;
  const require = (name: 'VAULT_DIR' | 'UNSORTED_DIR' | 'S3_BUCKET') => {
    if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: `is required when STORAGE_BACKEND=${backend}` });
  };
  if (backend === 'local') {
    require('VAULT_DIR');
    require('UNSORTED_DIR');
    const { VAULT_DIR: vault, UNSORTED_DIR: unsorted } = env;
    if (typeof vault === 'string' && typeof unsorted === 'string' && overlaps(resolve(vault), resolve(unsorted))) {
      // Nested roots would make the agent import its own notes, or list the inbox as notes.
      ctx.addIssue({ code: 'custom', path: ['UNSORTED_DIR'], message: 'must not be inside VAULT_DIR, contain it, or be the same directory' });
    }
    return;
  }
  require('S3_BUCKET');
  const { S3_VAULT_PREFIX: vault, S3_UNSORTED_PREFIX: unsorted } = env;
  if (typeof vault === 'string' && typeof unsorted === 'string' && (vault.startsWith(unsorted) || unsorted.startsWith(vault))) {
    ctx.addIssue({ code: 'custom', path: ['S3_UNSORTED_PREFIX'], message: 'must not be inside S3_VAULT_PREFIX, contain it, or be the same prefix' });
  }
}

function overlaps(a: string, b: string): boolean {
  const inside = (child: string, parent: string) => {
    const rel = relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  return inside(a, b) || inside(b, a);
}

export type AppConfig = z.infer<typeof appConfigSchema>;
