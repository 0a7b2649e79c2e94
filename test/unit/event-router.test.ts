import { describe, expect, it } from 'vitest';
import { EventRouter } from '../../src/events/event-router.js';
import { createLogger } from '../../src/logger.js';

const event = (type: string, data: Record<string, unknown> = {}) => ({ id: '1-0', type, callId: 'c1', data });

describe('EventRouter', () => {
  it('hands each event to the readers of its type only; unsubscribing stops it', () => {
    const router = new EventRouter(createLogger('silent'));
    const got: string[] = [];
    const off = router.on(['acd.offer', 'acd.answer'], (e) => got.push(`a:${e.type}`));
    router.on(['directory.updated'], (e) => got.push(`b:${e.type}`));
    router.dispatch(event('acd.offer'));
    router.dispatch(event('directory.updated'));
    router.dispatch(event('agent.state'));
    off();
    router.dispatch(event('acd.answer'));
    expect(got).toEqual(['a:acd.offer', 'b:directory.updated']);
  });

  it('ignores a type it does not know (a newer engine wrote it), and one failing reader does not stop the others', () => {
    const router = new EventRouter(createLogger('silent'));
    const got: string[] = [];
    router.on(['acd.offer'], () => {
      throw new Error('boom');
    });
    router.on(['acd.offer'], (e) => got.push(String(e.data.agentId)));
    router.dispatch(event('acd.teleported', { agentId: 'x' }));
    router.dispatch(event('acd.offer', { agentId: 'anna' }));
    expect(got).toEqual(['anna']);
  });
});
