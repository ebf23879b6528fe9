import { RepeatFilter } from './repeat-filter';

describe('RepeatFilter', () => {
  it('shows a message once per quiet period per source, and any new message at once', () => {
    let now = 0;
    const filter = new RepeatFilter(60_000, () => now);
    expect(filter.shouldShow('slack', 'ECONNREFUSED')).toBe(true);
    expect(filter.shouldShow('slack', 'ECONNREFUSED')).toBe(false);
    expect(filter.shouldShow('log', 'ECONNREFUSED')).toBe(true);
    expect(filter.shouldShow('slack', 'Connection is closed')).toBe(true);
    now = 61_000;
    expect(filter.shouldShow('slack', 'Connection is closed')).toBe(true);
  });
});
