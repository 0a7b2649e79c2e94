import { type Announcement, type AnnouncementChange, ANNOUNCEMENT_HISTORY, type AnnouncementStore } from '../announcements/index.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

export class RedisAnnouncementStore implements AnnouncementStore {
  constructor(private readonly conn: RedisConnection) {}

  async list(): Promise<Announcement[]> {
    const all = await this.conn.redis.hgetall(keys.announcements());
    return Object.values(all).map((json) => JSON.parse(json) as Announcement);
  }

  async history(limit: number): Promise<AnnouncementChange[]> {
    const entries = await this.conn.redis.lrange(keys.announcementHistory(), 0, Math.min(limit, ANNOUNCEMENT_HISTORY) - 1);
    return entries.map((json) => JSON.parse(json) as AnnouncementChange);
  }

  async put(a: Announcement): Promise<void> {
    const change: AnnouncementChange = { id: a.id, action: 'on', by: a.updatedBy, at: a.updatedAt, kind: a.kind, text: a.text };
    await this.conn.redis
      .multi()
      .hset(keys.announcements(), a.id, JSON.stringify(a))
      .xadd(keys.events(), '*', 'type', 'announcement.on', 'callId', '', 'at', a.updatedAt, 'data', JSON.stringify(a))
      .lpush(keys.announcementHistory(), JSON.stringify(change))
      .ltrim(keys.announcementHistory(), 0, ANNOUNCEMENT_HISTORY - 1)
      .exec();
  }

  async remove(id: string, by: string, at: Date): Promise<boolean> {
    const change: AnnouncementChange = { id, action: 'off', by, at: at.toISOString() };
    const result = await this.conn.run(
      'announcementRemove',
      [keys.announcements(), keys.events(), keys.announcementHistory()],
      [id, at.toISOString(), JSON.stringify({ id, updatedBy: by }), JSON.stringify(change), String(ANNOUNCEMENT_HISTORY)],
    );
    return result === 1;
  }
}
