/** A user as storage format refers to one: Cloud by account id, Data Center by user key or user name. */
export interface UserRef {
  accountId?: string;
  userKey?: string;
  username?: string;
}

/** A page (or blog post) another page links to. */
export interface LinkedPage {
  title: string;
  spaceKey?: string;
}

/** An attachment of the page being converted. */
export interface PageAttachment {
  filename: string;
  /** Absolute download URL. */
  downloadUrl: string;
  mediaType?: string;
  fileSize?: number;
}

/** What the converter may know about the page besides its body. */
export interface ConversionContext {
  /** Display name for a mentioned user; undefined when it could not be resolved. */
  userName?(ref: UserRef): string | undefined;
  /** The page's attachments: links and images point at them, and they are listed at the end. */
  attachments?: readonly PageAttachment[];
}

export interface StorageConversion {
  markdown: string;
  /** Pages the body links to, in order of first appearance. */
  linkedPages: LinkedPage[];
  /** Macros this converter does not know; they were degraded to their text. */
  unknownMacros: string[];
}
