import { BlockedByPolicyError, type FetchFailedError } from '../fetching/fetch-errors';
import { AllowList } from './allow-list';
import type { HostResolver } from './host-resolver';
import { TargetGuard } from './target-guard';

const names: Record<string, string[]> = {
  'public.test': ['93.184.216.34'],
  'evil.test': ['10.0.0.5'],
  'mixed.test': ['93.184.216.34', '127.0.0.1'],
  'six.test': ['2606:4700:4700::1111'],
};
const asked: string[] = [];
const resolver: HostResolver = async (hostname) => {
  asked.push(hostname);
  if (hostname === 'flaky.test') throw Object.assign(new Error('temporary failure'), { code: 'EAI_AGAIN' });
  const answer = names[hostname];
  if (!answer) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

function refusal(action: () => unknown): Promise<BlockedByPolicyError | FetchFailedError> {
  return Promise.resolve()
    .then(action)
    .then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: BlockedByPolicyError | FetchFailedError) => error,
    );
}

describe('TargetGuard', () => {
  const guard = new TargetGuard(new AllowList([]), resolver);

  beforeEach(() => (asked.length = 0));

  it.each(['http://127.1/', 'http://0177.0.0.1/', 'http://0x7F000001/', 'http://2130706433/', 'http://[::ffff:127.0.0.1]/', 'http://[0:0:0:0:0:0:0:1]/'])(
    'refuses the loopback spelling %s before any DNS',
    async (url) => {
      const error = await refusal(() => guard.checkUrl(new URL(url)));
      expect(error).toBeInstanceOf(BlockedByPolicyError);
      expect((error as BlockedByPolicyError).reason).toBe('loopback');
      expect(asked).toEqual([]);
    },
  );

  it('refuses other schemes', async () => {
    const error = (await refusal(() => guard.checkUrl(new URL('gopher://example.com/')))) as BlockedByPolicyError;
    expect(error.reason).toBe('scheme');
    expect(error.message).toBe('only http:// and https:// URLs can be fetched, not gopher://');
  });

  it('connects to the checked address of a public name', async () => {
    await expect(guard.addressFor('public.test', 443)).resolves.toBe('93.184.216.34');
    await expect(guard.addressFor('six.test', 443)).resolves.toBe('2606:4700:4700::1111');
    await expect(guard.addressFor('2606:4700:4700::1111', 443)).resolves.toBe('2606:4700:4700::1111');
    expect(asked).toEqual(['public.test', 'six.test']);
  });

  it('refuses a name when any of its addresses is not public', async () => {
    expect((await refusal(() => guard.addressFor('evil.test', 80))).message).toBe('evil.test resolves to 10.0.0.5, a private address');
    expect((await refusal(() => guard.addressFor('mixed.test', 80))).message).toBe('mixed.test resolves to 127.0.0.1, a loopback address');
  });

  it('tells a name that does not exist from DNS trouble', async () => {
    const missing = (await refusal(() => guard.addressFor('nowhere.test', 80))) as FetchFailedError;
    expect([missing.kind, missing.message]).toEqual(['not_found', 'nowhere.test does not resolve to any address (ENOTFOUND)']);
    const flaky = (await refusal(() => guard.addressFor('flaky.test', 80))) as FetchFailedError;
    expect([flaky.kind, flaky.message]).toEqual(['unavailable', 'flaky.test could not be resolved right now (EAI_AGAIN)']);
  });

  it('lets the allow-list through: host:port for the URL host, CIDR for resolved addresses', async () => {
    const allowing = new TargetGuard(new AllowList(['127.0.0.1:8081', '10.0.0.0/8']), resolver);
    expect(() => allowing.checkUrl(new URL('http://127.0.0.1:8081/'))).not.toThrow();
    expect(() => allowing.checkUrl(new URL('http://127.0.0.1:8082/'))).toThrow(BlockedByPolicyError);
    expect(() => allowing.checkUrl(new URL('http://10.9.9.9/'))).not.toThrow();
    await expect(allowing.addressFor('127.0.0.1', 8081)).resolves.toBe('127.0.0.1');
    await expect(allowing.addressFor('evil.test', 80)).resolves.toBe('10.0.0.5');
    await expect(allowing.addressFor('mixed.test', 80)).rejects.toThrow('mixed.test resolves to 127.0.0.1, a loopback address');
  });
});
