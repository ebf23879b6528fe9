import { defaultMcpServiceUrl, findMcpService, MCP_SERVICE_IDS, mcpServiceName, mcpServiceTokenVariable, mcpServiceUrlVariable } from './services';
import { defineToolContract } from './tool-contract';
import { z } from 'zod';

describe('the service registry', () => {
  it('knows the seven EMM MCP services', () => {
    expect(MCP_SERVICE_IDS).toEqual(['jd-classifier', 'content-classifier', 'bookmark-classifier', 'confluence', 'file-system', 'web-scraper', 'notifications']);
  });

  it('finds a service by its short or its Kubernetes name', () => {
    expect(findMcpService('jd-classifier')).toBe('jd-classifier');
    expect(findMcpService('file-system-service')).toBe('file-system');
    expect(findMcpService('jd')).toBeUndefined();
    expect(findMcpService('toString')).toBeUndefined();
  });

  it('derives the variable names and the in-cluster URL', () => {
    expect(mcpServiceName('web-scraper')).toBe('web-scraper-service');
    expect(mcpServiceUrlVariable('bookmark-classifier')).toBe('MCP_BOOKMARK_CLASSIFIER_URL');
    expect(mcpServiceTokenVariable('file-system')).toBe('MCP_FILE_SYSTEM_AUTH_TOKEN');
    expect(defaultMcpServiceUrl('confluence')).toBe('http://confluence-service:8080/mcp');
  });
});

describe('defineToolContract', () => {
  const schemas = { input: z.object({}), output: z.object({}) };

  it('rejects a tool name MCP does not allow and an unknown service', () => {
    expect(() => defineToolContract({ service: 'jd-classifier', name: 'find category', ...schemas })).toThrow('tool name "find category" must be 1-128 characters');
    expect(() => defineToolContract({ service: 'jd' as 'jd-classifier', name: 'find', ...schemas })).toThrow('unknown service "jd"');
  });

  it('is frozen: a contract cannot be changed by one of its users', () => {
    const contract = defineToolContract({ service: 'notifications', name: 'notify', ...schemas });
    expect(Object.isFrozen(contract)).toBe(true);
  });
});
