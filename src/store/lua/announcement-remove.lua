-- announcement-remove: switches an announcement off, logs announcement.off and records the
-- change in the capped history, atomically.
-- KEYS[1] announcements hash   KEYS[2] events stream   KEYS[3] history list
-- ARGV[1] announcement id   ARGV[2] time (ISO 8601)   ARGV[3] event data (JSON)
-- ARGV[4] history entry (JSON)   ARGV[5] history length kept
-- Returns 1 if it was on, 0 if there was none (nothing logged).
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('XADD', KEYS[2], '*', 'type', 'announcement.off', 'callId', '', 'at', ARGV[2], 'data', ARGV[3])
redis.call('LPUSH', KEYS[3], ARGV[4])
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[5]) - 1)
return 1
