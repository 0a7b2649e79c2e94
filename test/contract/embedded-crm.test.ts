import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EmbeddedCrm } from '../../src/crm/embedded-crm.js';
import { crmContract } from './crm.contract.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cc-crm-'));
}

crmContract('embedded (SQLite file)', () => {
  const dir = tempDir();
  const crm = new EmbeddedCrm({ path: join(dir, 'crm.sqlite'), seedDemo: true });
  return Promise.resolve({
    crm,
    async cleanup() {
      await crm.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});

describe('embedded CRM: the file', () => {
  it('keeps tickets across a restart, migrates once, and seeds the demo citizens only into an empty database', async () => {
    const dir = tempDir();
    const path = join(dir, 'crm.sqlite');
    const first = new EmbeddedCrm({ path, seedDemo: true });
    expect(first.schemaVersion()).toBe(1);
    const ticket = await first.createTicket({ callerNumber: '+393334445566', category: 'Tributi', subject: 'x', channel: 'ivr', level: 'primo_livello' }, 'ivr', new Date());
    await first.close();
    const second = new EmbeddedCrm({ path, seedDemo: true });
    expect(second.schemaVersion()).toBe(1);
    expect(await second.getTicket(ticket.number)).toMatchObject({ subject: 'x' });
    expect(await second.findCitizens({ phone: '+393331110001' })).toHaveLength(1);
    await second.close();
    const db = new Database(path, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM citizens').get() as { n: number }).n).toBe(8);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without the demo seed it starts empty', async () => {
    const crm = new EmbeddedCrm({ path: ':memory:', seedDemo: false });
    expect(await crm.findCitizens({ name: 'bianchi' })).toEqual([]);
    await crm.close();
  });
});
