import { afterAll, beforeAll } from 'vitest';
import { loadMapping } from '../../src/crm/create-crm.js';
import { HttpCrm } from '../../src/crm/http-crm.js';
import { FixtureCrm } from '../support/fixture-crm.js';
import { crmContract } from './crm.contract.js';

const fixture = new FixtureCrm();
let baseUrl = '';
beforeAll(async () => {
  baseUrl = await fixture.start();
});
afterAll(async () => {
  await fixture.stop();
});

crmContract('http (the fixture CRM, Italian field names through the mapping file)', () => {
  fixture.reset();
  const crm = new HttpCrm({ baseUrl, token: 'fixture-token', mapping: loadMapping('test/fixtures/crm-http-mapping.yaml'), budgetMs: 2000, breakerFailures: 5, breakerResetMs: 1000 });
  return Promise.resolve({ crm, cleanup: () => crm.close() });
});
