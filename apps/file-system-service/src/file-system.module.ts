import { Module } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import type { AppConfig } from './config';
import { ExtractionService } from './extraction/extraction.service';
import { FileReader } from './files/file-reader';
import { FileSystemMetrics } from './metrics';
import { NoteWriter } from './notes/note-writer';
import { OriginalMover } from './notes/original-mover';
import { VaultLister } from './notes/vault-lister';
import { StorageService } from './storage/storage.service';
import { UnsortedLister } from './unsorted/unsorted-lister';

/** Storage, extraction and the operations the tools expose, as plain classes wired here. */
@Module({
  providers: [
    StorageService,
    ExtractionService,
    { provide: FileSystemMetrics, inject: [StorageService], useFactory: (storage: StorageService) => new FileSystemMetrics(storage.backend.kind) },
    {
      provide: UnsortedLister,
      inject: [StorageService, FileSystemMetrics, ConfigService],
      useFactory: (storage: StorageService, metrics: FileSystemMetrics, config: ConfigService<AppConfig>) =>
        new UnsortedLister(storage.backend, metrics, config.get('UNSORTED_SETTLE_MS')),
    },
    {
      provide: FileReader,
      inject: [StorageService, ExtractionService, FileSystemMetrics, ConfigService],
      useFactory: (storage: StorageService, extraction: ExtractionService, metrics: FileSystemMetrics, config: ConfigService<AppConfig>) =>
        new FileReader(storage.backend, extraction.pool, metrics, config.get('READ_MAX_BYTES')),
    },
    {
      provide: NoteWriter,
      inject: [StorageService, FileSystemMetrics],
      useFactory: (storage: StorageService, metrics: FileSystemMetrics) => new NoteWriter(storage.backend, metrics),
    },
    {
      provide: OriginalMover,
      inject: [StorageService, FileSystemMetrics],
      useFactory: (storage: StorageService, metrics: FileSystemMetrics) => new OriginalMover(storage.backend, metrics),
    },
    {
      provide: VaultLister,
      inject: [StorageService, FileSystemMetrics],
      useFactory: (storage: StorageService, metrics: FileSystemMetrics) => new VaultLister(storage.backend, metrics),
    },
  ],
  exports: [StorageService, UnsortedLister, FileReader, NoteWriter, OriginalMover, VaultLister],
})
export class FileSystemModule {}
