import { DEFAULT_MAX_BODY_BYTES, ServerSettings } from './server-options';

describe('ServerSettings', () => {
  it('applies defaults: no auth, loopback only, 1 MiB bodies', () => {
    const settings = new ServerSettings({ name: 'svc', version: '1.0.0' });
    expect(settings.bearer).toBeUndefined();
    expect(settings.maxBodyBytes).toBe(DEFAULT_MAX_BODY_BYTES);
    expect(settings.originPolicy.isAllowedHost('localhost:8080')).toBe(true);
    expect(settings.originPolicy.isAllowedHost('svc:8080')).toBe(false);
  });

  it('names every problem with the options in one error', () => {
    expect(() => new ServerSettings({ name: ' ', version: '1', authToken: '', maxBodyBytes: -1 })).toThrow(
      'McpServerModule options are invalid: name: name is required; authToken: authToken is empty: leave it undefined to turn authentication off; maxBodyBytes: Too small: expected number to be >0',
    );
  });
});
