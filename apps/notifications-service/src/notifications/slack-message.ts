import type { ActionsBlock, ContextBlock, HeaderBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { Notification, Severity } from './notification';
import { escapeMrkdwn, markdownToMrkdwn } from './slack-mrkdwn';

/** Block Kit limits (docs.slack.dev/reference/block-kit). */
export const SLACK_LIMITS = { headerText: 150, sectionText: 3_000, buttonText: 75, blocks: 50 } as const;

const SEVERITY_EMOJI: Record<Severity, string> = {
  info: ':information_source:',
  warning: ':warning:',
  error: ':x:',
  critical: ':rotating_light:',
};

/** The JSON body an incoming webhook accepts: `text` is the fallback for push notifications and old clients. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * A notification as a Slack message: a header with the title, the message as
 * mrkdwn sections, a context line with the severity, and a button per link.
 */
export function buildSlackMessage(notification: Notification): SlackMessage {
  const title = truncate(notification.title, SLACK_LIMITS.headerText);
  const header: HeaderBlock = { type: 'header', text: { type: 'plain_text', text: title, emoji: true } };
  const sections: SectionBlock[] = chunk(markdownToMrkdwn(notification.message), SLACK_LIMITS.sectionText).map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text },
  }));
  const context: ContextBlock = {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `${SEVERITY_EMOJI[notification.severity]} *${notification.severity.toUpperCase()}*  ·  ${escapeMrkdwn(notification.id)}` }],
  };
  const blocks: KnownBlock[] = [header, ...sections.slice(0, SLACK_LIMITS.blocks - 3), context];
  if (notification.links.length > 0) {
    const actions: ActionsBlock = {
      type: 'actions',
      elements: notification.links.map((link, index) => ({
        type: 'button',
        action_id: `link-${index}`,
        text: { type: 'plain_text', text: truncate(link.text, SLACK_LIMITS.buttonText), emoji: true },
        url: link.url,
      })),
    };
    blocks.push(actions);
  }
  return { text: `${SEVERITY_EMOJI[notification.severity]} [${notification.severity.toUpperCase()}] ${escapeMrkdwn(title)}`, blocks };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Splits at line breaks so each piece fits a section; a single overlong line is cut hard. */
export function chunk(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') pieces.push(current);
    let rest = line;
    while (rest.length > max) {
      pieces.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    current = rest;
  }
  if (current.trim() !== '') pieces.push(current);
  return pieces.length > 0 ? pieces : [' '];
}
