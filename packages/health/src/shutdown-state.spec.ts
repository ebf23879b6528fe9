import { ShutdownState } from './shutdown-state';

describe('ShutdownState', () => {
  it('serves normally until draining begins, then stays draining', () => {
    const state = new ShutdownState();
    expect(state.isDraining).toBe(false);
    expect(state.since).toBeUndefined();

    state.beginDraining();
    const since = state.since;
    expect(state.isDraining).toBe(true);
    expect(since).toBeInstanceOf(Date);

    state.beginDraining();
    expect(state.since).toBe(since);
  });
});
