import type { ConversionContext, StorageConversion, UserRef } from './conversion-types';
import { escapeText, linkDestination, linkText } from './markdown-syntax';
import { attribute, descendants, type Document, parseStorage } from './storage-dom';
import { joinBlocks, StorageRenderer } from './storage-renderer';

/**
 * A page body in Confluence storage format, parsed once: first asked which
 * users it mentions (so their names can be looked up), then converted.
 */
export class StorageDocument {
  private constructor(private readonly dom: Document) {}

  static parse(xhtml: string): StorageDocument {
    return new StorageDocument(parseStorage(xhtml));
  }

  /** Every distinct user the body mentions. */
  userRefs(): UserRef[] {
    const seen = new Set<string>();
    const refs: UserRef[] = [];
    for (const user of descendants(this.dom, 'ri:user')) {
      const ref: UserRef = { accountId: attribute(user, 'ri:account-id'), userKey: attribute(user, 'ri:userkey'), username: attribute(user, 'ri:username') };
      const key = `${ref.accountId ?? ''}|${ref.userKey ?? ''}|${ref.username ?? ''}`;
      if (key === '||' || seen.has(key)) continue;
      seen.add(key);
      refs.push(ref);
    }
    return refs;
  }

  toMarkdown(context: ConversionContext = {}): StorageConversion {
    const renderer = new StorageRenderer(context);
    const parts = [joinBlocks(renderer.blocks(this.dom.children))];
    if (context.attachments && context.attachments.length > 0) parts.push(attachmentSection(context.attachments));
    const markdown = parts.filter((part) => part !== '').join('\n\n');
    return {
      markdown: markdown === '' ? '' : `${markdown}\n`,
      linkedPages: renderer.linkedPages,
      unknownMacros: [...renderer.unknownMacros],
    };
  }
}

/** Converts a storage-format body to Markdown in one call. */
export function storageToMarkdown(xhtml: string, context: ConversionContext = {}): StorageConversion {
  return StorageDocument.parse(xhtml).toMarkdown(context);
}

function attachmentSection(attachments: NonNullable<ConversionContext['attachments']>): string {
  const lines = attachments.map((attachment) => {
    const details = [attachment.mediaType, attachment.fileSize === undefined ? undefined : formatSize(attachment.fileSize)].filter(Boolean);
    const link = `[${linkText(escapeText(attachment.filename))}](${linkDestination(attachment.downloadUrl)})`;
    return `- ${link}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
  });
  return `## Attachments\n\n${lines.join('\n')}`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
