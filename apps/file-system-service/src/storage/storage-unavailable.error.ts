/** The storage itself cannot be used (a missing mount, an unreachable bucket): callers may retry later. */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
}
