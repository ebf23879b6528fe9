import { z } from 'zod';
import { bookmarkClassifier, confluence, contentClassifier, fileSystem, jdClassifier, notifications, webScraper } from './index';

const services = { bookmarkClassifier, confluence, contentClassifier, fileSystem, jdClassifier, notifications, webScraper };

describe('every service contract set', () => {
  it('names the tools each service serves, all of one service', () => {
    const names = Object.fromEntries(
      Object.entries(services).map(([key, tools]) => [key, { service: [...new Set(Object.values(tools).map((c) => c.service))], tools: Object.values(tools).map((c) => c.name).sort() }]),
    );
    expect(names).toEqual({
      bookmarkClassifier: { service: ['bookmark-classifier'], tools: ['classify_bookmark', 'parse_bookmarks'] },
      confluence: { service: ['confluence'], tools: ['get_page', 'list_pages', 'list_spaces'] },
      contentClassifier: { service: ['content-classifier'], tools: ['classify_content'] },
      fileSystem: { service: ['file-system'], tools: ['list_unsorted', 'list_vault', 'move_to_vault', 'read_file', 'write_note'] },
      jdClassifier: { service: ['jd-classifier'], tools: ['allocate_id', 'find_category', 'get_structure', 'resolve_path', 'validate_id'] },
      notifications: { service: ['notifications'], tools: ['list_failed', 'notification_status', 'notify', 'retry_failed'] },
      webScraper: { service: ['web-scraper'], tools: ['fetch_page'] },
    });
  });

  it('has schemas MCP can publish (JSON Schema objects on both sides)', () => {
    for (const contract of Object.values(services).flatMap((tools) => Object.values(tools))) {
      expect(z.toJSONSchema(contract.input, { target: 'draft-7', io: 'input' })).toMatchObject({ type: 'object' });
      expect(z.toJSONSchema(contract.output, { target: 'draft-7', io: 'output' })).toMatchObject({ type: 'object' });
    }
  });
});

describe('notifications contracts', () => {
  it('retry_failed takes either an id or all: true', () => {
    expect(notifications.retryFailed.input.safeParse({}).success).toBe(false);
    expect(notifications.retryFailed.input.parse({ all: true })).toEqual({ all: true, limit: 100 });
  });
});
