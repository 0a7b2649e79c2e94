import type { Announcement, AnnouncementStore } from '../announcements/index.js';
import { keys } from './keys.js';
import type { RedisConnection } from './redis.js';

export class RedisAnnouncementStore implements AnnouncementStore {
  constructor(private readonly conn: RedisConnection) {}

  async list(): Promise<Announcement[]> {
    const all = await this.conn.redis.hgetall(keys.announcements());
    return Object.values(all).map((json) => JSON.parse(json) as Announcement);
  }

  async put(a: Announcement): Promise<void> {
    await this.conn.redis
      .multi()
      .hset(keys.announcements(), a.id, JSON.stringify(a))
      .xadd(keys.events(), '*', 'type', 'announcement.on', 'callId', '', 'at', a.updatedAt, 'data', JSON.stringify(a))
      .exec();
  }

  async remove(id: string, by: string, at: Date): Promise<boolean> {
    const result = await this.conn.run('announcementRemove', [keys.announcements(), keys.events()], [id, at.toISOString(), JSON.stringify({ id, updatedBy: by })]);
    return result === 1;
  }
}
