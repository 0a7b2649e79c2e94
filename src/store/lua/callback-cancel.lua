-- callback-cancel: an open callback is cancelled (by the citizen calling again, an agent or a
-- supervisor); its slot is freed.
-- KEYS[1] callback hash   KEYS[2] the number's open callback   KEYS[3] open callbacks zset   KEYS[4] events
-- ARGV[1] id   ARGV[2] actor   ARGV[3] now (ISO)   ARGV[4] slot counter prefix (…:slot:)
-- Returns the status it had, or an error CALLBACK.NOT_FOUND / CALLBACK.NOT_OPEN.
local cb = redis.call('HMGET', KEYS[1], 'status', 'queueId', 'slotStart', 'originCallId')
if not cb[1] then
  return redis.error_reply('CALLBACK.NOT_FOUND callback ' .. ARGV[1] .. ' does not exist')
end
if cb[1] ~= 'booked' and cb[1] ~= 'active' then
  return redis.error_reply('CALLBACK.NOT_OPEN callback ' .. ARGV[1] .. ' is ' .. cb[1])
end
if cb[1] == 'booked' and cb[3] ~= '' then
  local slot = ARGV[4] .. cb[2] .. ':' .. cb[3]
  if tonumber(redis.call('GET', slot) or '0') > 0 then redis.call('DECR', slot) end
end
redis.call('HSET', KEYS[1], 'status', 'cancelled', 'final', 'cancelled')
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], 3456000000)
redis.call('XADD', KEYS[4], '*', 'type', 'callback.cancelled', 'callId', cb[4], 'at', ARGV[3],
  'data', cjson.encode({ callback = ARGV[1], by = ARGV[2], was = cb[1] }))
return cb[1]
