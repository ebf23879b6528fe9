import { S3Client } from '@aws-sdk/client-s3';
import type { AppConfig } from '../config';
import { LocalStorage } from './local-storage';
import { s3ClientConfig, S3Storage } from './s3-storage';
import type { StorageBackend } from './storage';

/** The backend STORAGE_BACKEND names. S3 credentials come from the AWS SDK's own chain (env, IRSA, …). */
export function createStorage(config: AppConfig): StorageBackend {
  if (config.STORAGE_BACKEND === 'local') {
    return new LocalStorage({ vaultDir: config.VAULT_DIR as string, unsortedDir: config.UNSORTED_DIR as string, fsync: config.LOCAL_FSYNC });
  }
  const client = new S3Client(
    s3ClientConfig({
      region: config.S3_REGION ?? config.AWS_REGION ?? 'us-east-1',
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    }),
  );
  return new S3Storage({
    client,
    bucket: config.S3_BUCKET as string,
    prefixes: { vault: config.S3_VAULT_PREFIX, unsorted: config.S3_UNSORTED_PREFIX },
    conditionalWrites: config.S3_CONDITIONAL_WRITES,
  });
}
