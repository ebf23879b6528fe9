import { NOTIFICATION_CHANNELS, NOTIFICATION_SEVERITIES } from '@emm/contracts';

/** The channels a notification can be delivered on (notify's contract names them). */
export const CHANNEL_NAMES = NOTIFICATION_CHANNELS;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export function isChannelName(value: string): value is ChannelName {
  return (CHANNEL_NAMES as readonly string[]).includes(value);
}

export const SEVERITIES = NOTIFICATION_SEVERITIES;
export type Severity = (typeof SEVERITIES)[number];

export interface NotificationLink {
  text: string;
  url: string;
}

/** A notification as accepted by `notify`, stored in each channel's job (never with a channel secret). */
export interface Notification {
  id: string;
  title: string;
  /** Markdown */
  message: string;
  severity: Severity;
  links: NotificationLink[];
  dedupeKey?: string;
  /** ISO 8601 */
  createdAt: string;
}
