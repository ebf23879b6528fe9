export type { ConversionContext, LinkedPage, PageAttachment, StorageConversion, UserRef } from './conversion-types';
export { StorageDocument, storageToMarkdown } from './storage-document';
