import { HostLimiter } from './host-limiter';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HostLimiter', () => {
  it('lets at most `concurrency` requests run at one host, and other hosts run freely', async () => {
    const limiter = new HostLimiter(2, 0);
    const signal = new AbortController().signal;
    const a1 = await limiter.acquire('a.test', signal);
    await limiter.acquire('a.test', signal);
    let thirdStarted = false;
    const third = limiter.acquire('a.test', signal).then((release) => ((thirdStarted = true), release));
    const other = await limiter.acquire('b.test', signal);
    await tick(20);
    expect(thirdStarted).toBe(false);
    a1();
    (await third)();
    expect(thirdStarted).toBe(true);
    other();
  });

  it('spaces the starts at one host by the delay', async () => {
    const limiter = new HostLimiter(4, 80);
    const signal = new AbortController().signal;
    const starts: number[] = [];
    await Promise.all([1, 2, 3].map(async () => {
      const release = await limiter.acquire('slow.test', signal);
      starts.push(Date.now());
      release();
    }));
    starts.sort((a, b) => a - b);
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(75);
    expect(starts[2] - starts[1]).toBeGreaterThanOrEqual(75);
  });

  it('gives up waiting when the caller goes away, without taking a turn', async () => {
    const limiter = new HostLimiter(1, 0);
    const first = await limiter.acquire('a.test', new AbortController().signal);
    const caller = new AbortController();
    const waiting = limiter.acquire('a.test', caller.signal);
    caller.abort(new Error('caller left'));
    await expect(waiting).rejects.toThrow('caller left');
    first();
    const next = await limiter.acquire('a.test', new AbortController().signal);
    next();
    expect(limiter.busyHosts).toBe(0);
  });

  it('releases a turn once, however often it is released', async () => {
    const limiter = new HostLimiter(1, 0);
    const release = await limiter.acquire('a.test', new AbortController().signal);
    release();
    release();
    const again = await limiter.acquire('a.test', new AbortController().signal);
    let blocked = true;
    void limiter.acquire('a.test', new AbortController().signal).then((r) => ((blocked = false), r()));
    await tick(10);
    expect(blocked).toBe(true);
    again();
    await tick(5);
    expect(blocked).toBe(false);
  });
});
