import { register } from 'prom-client';
import { registerGaugeSource } from './sourced-gauge';

const GAUGE = { name: 'test_sourced_depth', help: 'A test gauge read from sources', labelNames: ['queue'] as const };

async function values(): Promise<Record<string, number>> {
  const metric = await register.getSingleMetric(GAUGE.name)?.get();
  return Object.fromEntries((metric?.values ?? []).map((sample) => [String(sample.labels.queue), sample.value]));
}

describe('registerGaugeSource', () => {
  it('shows no gauge until a source registers, then reads every registered source at scrape time', async () => {
    expect(register.getSingleMetric(GAUGE.name)).toBeUndefined();
    let depth = 3;
    const removeFirst = registerGaugeSource(GAUGE, async () => [{ labels: { queue: 'a' }, value: depth }]);
    const removeSecond = registerGaugeSource(GAUGE, async () => [{ labels: { queue: 'b' }, value: 7 }]);
    expect(await values()).toEqual({ a: 3, b: 7 });
    depth = 5;
    expect(await values()).toEqual({ a: 5, b: 7 });
    removeSecond();
    expect(await values()).toEqual({ a: 5 });
    removeFirst();
  });

  it('keeps the last values when every source fails (Redis away) rather than report zeros', async () => {
    let failing = false;
    const remove = registerGaugeSource(GAUGE, async () => {
      if (failing) throw new Error('Connection is closed.');
      return [{ labels: { queue: 'a' }, value: 9 }];
    });
    expect(await values()).toEqual({ a: 9 });
    failing = true;
    expect(await values()).toEqual({ a: 9 });
    remove();
  });
});
