import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { lookup as lookupMediaType } from 'mime-types';
import { parseRelativePath, PathRuleError } from '../paths/relative-path';
import {
  type FileInfo,
  type FileRef,
  FileTooLargeError,
  NotAFileError,
  type RootName,
  type StorageBackend,
  StorageExistsError,
  StorageNotFoundError,
  type WriteOptions,
} from './storage';
import { StorageUnavailableError } from './storage-unavailable.error';

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix of each root, ending with `/` (`vault/`, `unsorted/`). */
  prefixes: Record<RootName, string>;
  /** Send `If-None-Match: *` on no-replace writes and copies (AWS, MinIO, …); a HEAD check is made either way. */
  conditionalWrites: boolean;
  client: S3Client;
}

/** What S3 can copy in one CopyObject request. */
const MAX_SINGLE_COPY_BYTES = 5 * 1024 ** 3;
const CONFLICT_RETRIES = 3;

/** S3 client settings shared by the service and its tests: plain checksums, so S3-compatible stores understand every request. */
export function s3ClientConfig(options: { region: string; endpoint?: string; forcePathStyle: boolean }): S3ClientConfig {
  return {
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    // Newer SDKs add CRC32 trailers by default; many S3-compatible stores reject those.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  };
}

/**
 * The vault and UNSORTED as two prefixes of one bucket. Objects are written
 * whole by PutObject, so readers always see an old or a new version; a
 * no-replace write or copy is conditional (`If-None-Match: *`) where the store
 * supports it, after a HEAD check for stores that ignore the header. There are
 * no links in S3, so containment is the path rules alone.
 */
export class S3Storage implements StorageBackend {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(private readonly options: S3StorageOptions) {
    this.client = options.client;
    this.bucket = options.bucket;
  }

  async *list(root: RootName, folder: string, options: { startAfter?: string } = {}): AsyncIterable<FileInfo> {
    const rootPrefix = this.options.prefixes[root];
    const prefix = folder === '' ? rootPrefix : `${rootPrefix}${folder}/`;
    let continuationToken: string | undefined;
    do {
      const page = await this.call(() => this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          StartAfter: continuationToken === undefined && options.startAfter !== undefined ? `${rootPrefix}${options.startAfter}` : undefined,
          ContinuationToken: continuationToken,
        }),
      ));
      for (const object of page.Contents ?? []) {
        const path = object.Key?.slice(rootPrefix.length);
        // Folder markers, hidden names and keys our paths cannot name (`a//b`) are not files of this root.
        if (path === undefined || !isAddressable(path)) continue;
        yield { path, size: object.Size ?? 0, modified: object.LastModified ?? new Date(0), version: object.ETag ?? '' };
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
  }

  async listFolders(root: RootName, folder: string): Promise<string[]> {
    const rootPrefix = this.options.prefixes[root];
    const prefix = folder === '' ? rootPrefix : `${rootPrefix}${folder}/`;
    const names: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.call(() => this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: continuationToken })));
      for (const common of page.CommonPrefixes ?? []) {
        const name = common.Prefix?.slice(prefix.length, -1);
        if (name !== undefined && name !== '' && !name.startsWith('.')) names.push(name);
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
    return names;
  }

  async stat(root: RootName, path: string): Promise<FileInfo | undefined> {
    try {
      const head = await this.call(() => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(root, path) })));
      return { path, size: head.ContentLength ?? 0, modified: head.LastModified ?? new Date(0), version: head.ETag ?? '' };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async read(root: RootName, path: string, { maxBytes }: { maxBytes: number }): Promise<{ info: FileInfo; data: Buffer }> {
    const { info, stream } = await this.open(root, path);
    if (info.size > maxBytes) {
      stream.destroy();
      throw new FileTooLargeError(root, path, info.size, maxBytes);
    }
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of stream) {
      const buffer = chunk as Buffer;
      received += buffer.length;
      if (received > maxBytes) {
        stream.destroy();
        throw new FileTooLargeError(root, path, received, maxBytes);
      }
      chunks.push(buffer);
    }
    return { info, data: Buffer.concat(chunks, received) };
  }

  async open(root: RootName, path: string): Promise<{ info: FileInfo; stream: Readable }> {
    try {
      const object = await this.call(() => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(root, path) })));
      if (!(object.Body instanceof Readable)) throw new Error('S3 returned no readable body');
      return {
        info: { path, size: object.ContentLength ?? 0, modified: object.LastModified ?? new Date(0), version: object.ETag ?? '' },
        stream: object.Body,
      };
    } catch (error) {
      if (isNotFound(error)) throw new StorageNotFoundError(root, path);
      throw error;
    }
  }

  async write(root: RootName, path: string, data: Buffer, { overwrite }: WriteOptions): Promise<FileInfo> {
    if (!overwrite) await this.assertAbsent(root, path);
    const result = await this.withConflictRetries(root, path, () =>
      this.call(() => this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key(root, path),
          Body: data,
          ContentLength: data.length,
          ContentType: contentType(path),
          IfNoneMatch: !overwrite && this.options.conditionalWrites ? '*' : undefined,
        }),
      )),
    );
    return { path, size: data.length, modified: new Date(), version: result.ETag ?? '' };
  }

  async place(from: FileRef, to: FileRef): Promise<FileInfo> {
    const source = await this.stat(from.root, from.path);
    if (source === undefined) throw new StorageNotFoundError(from.root, from.path);
    if (source.size > MAX_SINGLE_COPY_BYTES) throw new NotAFileError(from.root, from.path, 'larger than the 5 GiB S3 copies in one request, so it');
    await this.assertAbsent(to.root, to.path);
    const result = await this.withConflictRetries(to.root, to.path, () =>
      this.call(() => this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: this.key(to.root, to.path),
          CopySource: `${encodeURIComponent(this.bucket)}/${this.key(from.root, from.path).split('/').map(encodeURIComponent).join('/')}`,
          // Copy exactly the version that was checked; a file replaced meanwhile fails the copy.
          CopySourceIfMatch: source.version || undefined,
          IfNoneMatch: this.options.conditionalWrites ? '*' : undefined,
        }),
      )),
    );
    return {
      path: to.path,
      size: source.size,
      modified: result.CopyObjectResult?.LastModified ?? new Date(),
      version: result.CopyObjectResult?.ETag ?? '',
    };
  }

  async remove(root: RootName, path: string): Promise<void> {
    await this.call(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(root, path) })));
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      throw new StorageUnavailableError(`S3 bucket ${this.bucket} is not reachable (${describeS3Error(error)})`);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private key(root: RootName, path: string): string {
    return `${this.options.prefixes[root]}${path}`;
  }

  private async assertAbsent(root: RootName, path: string): Promise<void> {
    if ((await this.stat(root, path)) !== undefined) throw new StorageExistsError(root, path);
  }

  /** 412: the key exists (a conditional write lost); 409: a concurrent conditional write, which S3 asks to retry. */
  private async withConflictRetries<T>(root: RootName, path: string, request: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await request();
      } catch (error) {
        const status = httpStatus(error);
        if (status === 412) throw new StorageExistsError(root, path);
        if (status === 409 && attempt < CONFLICT_RETRIES) continue;
        throw error;
      }
    }
  }

  /** Turns network-level failures into "unavailable", which callers may retry. */
  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (httpStatus(error) === undefined || (httpStatus(error) ?? 0) >= 500) {
        throw new StorageUnavailableError(`S3 request failed (${describeS3Error(error)})`, { cause: error });
      }
      throw error;
    }
  }
}

function isAddressable(path: string): boolean {
  try {
    parseRelativePath(path);
    return true;
  } catch (error) {
    if (error instanceof PathRuleError) return false;
    throw error;
  }
}

function contentType(path: string): string {
  const type = lookupMediaType(path) || 'application/octet-stream';
  return type.startsWith('text/') ? `${type}; charset=utf-8` : type;
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string } | undefined)?.name;
  return httpStatus(error) === 404 || name === 'NoSuchKey' || name === 'NotFound';
}

/** The error's name and status, never its message (which may echo request details). */
function describeS3Error(error: unknown): string {
  const name = (error as { name?: string } | undefined)?.name ?? 'Error';
  const status = httpStatus(error);
  const code = (error as { code?: string } | undefined)?.code;
  return [name, status, code].filter((part) => part !== undefined).join(' ');
}
