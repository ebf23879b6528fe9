import type { Notification } from './notification';
import { buildSlackMessage, chunk, SLACK_LIMITS } from './slack-message';

const notification: Notification = {
  id: '5b2f1e1c-0000-4000-8000-000000000001',
  title: 'Disk almost full',
  message: '**/var** is at 95% — see [Grafana](https://grafana.example/d/disk)',
  severity: 'warning',
  links: [{ text: 'Runbook', url: 'https://runbooks.example/disk' }],
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('buildSlackMessage', () => {
  it('is a Block Kit message: header, mrkdwn section, severity context, link buttons', () => {
    const message = buildSlackMessage(notification);
    expect(message.text).toBe(':warning: [WARNING] Disk almost full');
    expect(message.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Disk almost full', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: '*/var* is at 95% — see <https://grafana.example/d/disk|Grafana>' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `:warning: *WARNING*  ·  ${notification.id}` }] },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'link-0', text: { type: 'plain_text', text: 'Runbook', emoji: true }, url: 'https://runbooks.example/disk' }],
      },
    ]);
  });

  it('has no actions block without links', () => {
    const types = buildSlackMessage({ ...notification, links: [] }).blocks.map((block) => block.type);
    expect(types).toEqual(['header', 'section', 'context']);
  });

  it('splits a long message into sections within Slack limits', () => {
    const line = 'x'.repeat(999); // three lines and their breaks fill a section
    const message = buildSlackMessage({ ...notification, message: Array.from({ length: 8 }, () => line).join('\n') });
    const sections = message.blocks.filter((block) => block.type === 'section');
    expect(sections.length).toBe(3);
    for (const section of sections) expect(JSON.stringify(section).length).toBeLessThan(SLACK_LIMITS.sectionText + 100);
  });
});

describe('chunk', () => {
  it('cuts a single overlong line hard', () => {
    expect(chunk('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
  });

  it('keeps whole lines together when they fit', () => {
    expect(chunk('ab\ncd\nef', 5)).toEqual(['ab\ncd', 'ef']);
  });
});
