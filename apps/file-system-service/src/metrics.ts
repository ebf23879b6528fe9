import { getOrCreateCounter, getOrCreateHistogram } from '@emm/metrics';
import type { ExtractionFailure } from './extraction/extraction-types';
import type { FileKind } from './extraction/file-kind';
import type { RootName } from './storage/storage';

/** The service's own metrics, on top of the MCP server's per-tool ones. */
export class FileSystemMetrics {
  private readonly bytesRead = getOrCreateCounter({
    name: 'fs_bytes_read_total',
    help: 'Bytes read from storage (read_file, hashing in list_unsorted and move_to_vault)',
    labelNames: ['backend', 'root'],
  });
  private readonly bytesWritten = getOrCreateCounter({
    name: 'fs_bytes_written_total',
    help: 'Bytes put into storage: notes written and originals placed in the vault',
    labelNames: ['backend', 'root'],
  });
  private readonly notes = getOrCreateCounter({
    name: 'fs_notes_written_total',
    help: 'write_note calls by outcome: created, replaced, or unchanged (skip-if-same wrote nothing)',
    labelNames: ['backend', 'outcome'],
  });
  private readonly originals = getOrCreateCounter({
    name: 'fs_originals_moved_total',
    help: 'move_to_vault calls by outcome: moved, or already_moved (a retry found the file in place)',
    labelNames: ['backend', 'outcome'],
  });
  private readonly extractionFailures = getOrCreateCounter({
    name: 'fs_extraction_failures_total',
    help: 'read_file extractions that failed, by file type and reason (corrupt, encrypted, timeout, out_of_memory, crashed)',
    labelNames: ['type', 'reason'],
  });
  private readonly extractionDuration = getOrCreateHistogram({
    name: 'fs_extraction_duration_seconds',
    help: 'Time to extract text from one file, by file type',
    labelNames: ['type'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });

  constructor(private readonly backend: 'local' | 's3') {}

  read(root: RootName, bytes: number): void {
    this.bytesRead.inc({ backend: this.backend, root }, bytes);
  }

  written(root: RootName, bytes: number): void {
    this.bytesWritten.inc({ backend: this.backend, root }, bytes);
  }

  note(outcome: 'created' | 'replaced' | 'unchanged'): void {
    this.notes.inc({ backend: this.backend, outcome });
  }

  original(outcome: 'moved' | 'already_moved'): void {
    this.originals.inc({ backend: this.backend, outcome });
  }

  extraction(type: FileKind, seconds: number, failure?: ExtractionFailure): void {
    this.extractionDuration.observe({ type }, seconds);
    if (failure !== undefined) this.extractionFailures.inc({ type, reason: failure });
  }
}
