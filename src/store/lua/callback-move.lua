-- callback-move: a booked callback moves to another time (and slot, within its capacity).
-- KEYS[1] callback hash   KEYS[2] open callbacks zset   KEYS[3] events   KEYS[4] the new slot's counter
-- ARGV[1] id   ARGV[2] due at (ms)   ARGV[3] slot start (ms or '')   ARGV[4] slot capacity ('' none)
-- ARGV[5] actor   ARGV[6] now (ISO)   ARGV[7] slot counter prefix (…:slot:)
-- ARGV[8] how long the new slot's counter is kept (ms, a duration: Redis's clock need not match the engine's)
-- Returns 1, or an error CALLBACK.NOT_FOUND / CALLBACK.NOT_OPEN / CALLBACK.SLOT_FULL.
local cb = redis.call('HMGET', KEYS[1], 'status', 'queueId', 'slotStart', 'originCallId', 'dueAt')
if not cb[1] then
  return redis.error_reply('CALLBACK.NOT_FOUND callback ' .. ARGV[1] .. ' does not exist')
end
if cb[1] ~= 'booked' then
  return redis.error_reply('CALLBACK.NOT_OPEN callback ' .. ARGV[1] .. ' is ' .. cb[1] .. ': only a booked callback can move')
end
local sameSlot = cb[3] == ARGV[3]
if ARGV[4] ~= '' and not sameSlot then
  local booked = tonumber(redis.call('GET', KEYS[4]) or '0')
  if booked >= tonumber(ARGV[4]) then
    return redis.error_reply('CALLBACK.SLOT_FULL the slot has ' .. booked .. ' of ' .. ARGV[4] .. ' callbacks booked')
  end
end
if not sameSlot then
  if cb[3] ~= '' then
    local old = ARGV[7] .. cb[2] .. ':' .. cb[3]
    if tonumber(redis.call('GET', old) or '0') > 0 then redis.call('DECR', old) end
  end
  if ARGV[3] ~= '' then
    redis.call('INCR', KEYS[4])
    redis.call('PEXPIRE', KEYS[4], tonumber(ARGV[8]))
  end
end
redis.call('HSET', KEYS[1], 'dueAt', ARGV[2], 'slotStart', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('XADD', KEYS[3], '*', 'type', 'callback.moved', 'callId', cb[4], 'at', ARGV[6],
  'data', cjson.encode({ callback = ARGV[1], by = ARGV[5], from = tonumber(cb[5]), to = tonumber(ARGV[2]) }))
return 1
