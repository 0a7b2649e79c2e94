-- announcement-remove: switches an announcement off and logs announcement.off, atomically.
-- KEYS[1] announcements hash   KEYS[2] events stream
-- ARGV[1] announcement id   ARGV[2] time (ISO 8601)   ARGV[3] event data (JSON)
-- Returns 1 if it was on, 0 if there was none (nothing logged).
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then
  return 0
end
redis.call('XADD', KEYS[2], '*', 'type', 'announcement.off', 'callId', '', 'at', ARGV[2], 'data', ARGV[3])
return 1
