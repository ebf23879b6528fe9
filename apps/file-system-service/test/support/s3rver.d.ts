// s3rver ships no types; this is the part of its API the tests use.
declare module 's3rver' {
  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory: string;
    resetOnClose?: boolean;
    configureBuckets?: Array<{ name: string }>;
  }

  interface ListOptions {
    delimiter?: string;
    startAfter?: string;
    prefix?: string;
    maxKeys?: number;
  }

  interface ListResult {
    objects: Array<{ key: string }>;
    commonPrefixes: string[];
    isTruncated: boolean;
  }

  /** The part of a Koa context the test middleware reads and writes. */
  interface KoaContext {
    method: string;
    path: string;
    get(header: string): string;
    status: number;
    body: unknown;
    type: string;
  }

  class S3rver {
    constructor(options: S3rverOptions);
    store: {
      existsObject(bucket: string, key: string): Promise<boolean>;
      listObjects(bucket: string, options: ListOptions): Promise<ListResult>;
    };
    /** Koa's middleware stack; composed when the server starts. */
    middleware: Array<(ctx: KoaContext, next: () => Promise<void>) => Promise<void>>;
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }

  export = S3rver;
}
