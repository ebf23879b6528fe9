import { syncInputSchema } from './sync-input';

describe('confluence-sync input', () => {
  it('defaults to the configured spaces and an incremental sync', () => {
    expect(syncInputSchema(['DOC', 'ENG']).parse({})).toEqual({ spaces: ['DOC', 'ENG'], full: false });
  });

  it('takes the spaces of the run over the configured ones, each once', () => {
    expect(syncInputSchema(['DOC']).parse({ spaces: ['OPS', '~jsmith', 'OPS'], full: true })).toEqual({ spaces: ['OPS', '~jsmith'], full: true });
  });

  it('gives the same input when parsed again (the runtime parses it at POST /runs and at planning)', () => {
    const schema = syncInputSchema(['DOC']);
    const once = schema.parse({ full: true });
    expect(schema.parse(once)).toEqual(once);
  });

  it('refuses a run without spaces when none are configured, naming the field', () => {
    const result = syncInputSchema([]).safeParse({});
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['spaces'], message: expect.stringContaining('no CONFLUENCE_SPACES are configured') })]);
  });

  it('refuses bad space keys, an empty list and unknown fields', () => {
    const schema = syncInputSchema(['DOC']);
    expect(schema.safeParse({ spaces: ['DOC SPACE'] }).error?.issues[0]).toMatchObject({ path: ['spaces', 0], message: 'must be a space key such as DOC or ~jsmith' });
    expect(schema.safeParse({ spaces: [] }).error?.issues[0]).toMatchObject({ path: ['spaces'], message: 'must name at least one space' });
    expect(schema.safeParse({ space: 'DOC' }).success).toBe(false);
    expect(schema.safeParse({ full: 'yes' }).error?.issues[0]).toMatchObject({ path: ['full'] });
  });
});
