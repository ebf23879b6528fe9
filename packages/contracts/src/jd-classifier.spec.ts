import { z } from 'zod';
import { jdClassifier } from './jd-classifier';

const contracts = Object.values(jdClassifier);

describe('jd-classifier contracts', () => {
  it('name the five tools of jd-classifier, once each', () => {
    expect(contracts.map((contract) => contract.service)).toEqual(Array(5).fill('jd-classifier'));
    expect(contracts.map((contract) => contract.name).sort()).toEqual(['allocate_id', 'find_category', 'get_structure', 'resolve_path', 'validate_id']);
  });

  it('have schemas MCP can publish (JSON Schema, objects on both sides)', () => {
    for (const contract of contracts) {
      expect(z.toJSONSchema(contract.input, { target: 'draft-7', io: 'input' })).toMatchObject({ type: 'object' });
      expect(z.toJSONSchema(contract.output, { target: 'draft-7', io: 'output' })).toMatchObject({ type: 'object' });
    }
  });

  it('find_category takes exactly one of id, name or query, with limit 5 by default', () => {
    expect(jdClassifier.findCategory.input.parse({ query: ' bank statement ' })).toEqual({ query: 'bank statement', limit: 5 });
    expect(jdClassifier.findCategory.input.safeParse({ query: 'a', name: 'b' }).success).toBe(false);
    expect(jdClassifier.findCategory.input.safeParse({}).success).toBe(false);
    expect(jdClassifier.findCategory.input.safeParse({ id: '11', limit: 51 }).success).toBe(false);
  });

  it('describe every argument, for MCP clients and models', () => {
    for (const contract of contracts) {
      const schema = z.toJSONSchema(contract.input, { target: 'draft-7', io: 'input' }) as { properties: Record<string, { description?: string }> };
      for (const [field, property] of Object.entries(schema.properties)) {
        expect({ tool: contract.name, field, described: typeof property.description === 'string' }).toEqual({ tool: contract.name, field, described: true });
      }
    }
  });
});
