-- callback-book: books a callback, or merges the request into the number's open one; atomically
-- with the abuse limits, the slot's capacity, turning the caller's queue entry into the callback
-- (keep-my-place) and the event.
-- KEYS[1] callback hash   KEYS[2] the number's open callback   KEYS[3] open callbacks zset
-- KEYS[4] bookings of the number today   KEYS[5] bookings this minute   KEYS[6] the slot's counter
-- KEYS[7] events   KEYS[8] the caller's ACD entry
-- ARGV[1] id  ARGV[2] kind  ARGV[3] number (E.164)  ARGV[4] queue  ARGV[5] ACD call id  ARGV[6] due at (ms)
-- ARGV[7] slot start (ms or '')  ARGV[8] caller id  ARGV[9] created by  ARGV[10] origin call id
-- ARGV[11] data (JSON)  ARGV[12] max per number per day  ARGV[13] max per minute
-- ARGV[14] slot capacity ('' when no slot)  ARGV[15] ACD channel id ('' unless keep-my-place from a queue)
-- ARGV[16] now (ms)  ARGV[17] now (ISO)  ARGV[18] the number masked (for the log)  ARGV[19] callback key prefix
-- ARGV[20] how long the slot's counter is kept (ms, a duration: Redis's clock need not match the engine's)
-- Returns { merged (0|1), id }, or an error CALLBACK.RATE_LIMITED / CALLBACK.SLOT_FULL / CALLBACK.PLACE_GONE.
local existing = redis.call('GET', KEYS[2])
if existing and redis.call('EXISTS', ARGV[19] .. existing) == 1 then
  redis.call('XADD', KEYS[7], '*', 'type', 'callback.merged', 'callId', ARGV[10], 'at', ARGV[17],
    'data', cjson.encode({ callback = existing, kind = ARGV[2], number = ARGV[18], by = ARGV[9] }))
  return { 1, existing }
end
local today = tonumber(redis.call('GET', KEYS[4]) or '0')
if today >= tonumber(ARGV[12]) then
  return redis.error_reply('CALLBACK.RATE_LIMITED ' .. ARGV[18] .. ' already booked ' .. today .. ' callbacks today (limit ' .. ARGV[12] .. ')')
end
local minute = tonumber(redis.call('GET', KEYS[5]) or '0')
if minute >= tonumber(ARGV[13]) then
  return redis.error_reply('CALLBACK.RATE_LIMITED ' .. minute .. ' callbacks booked this minute (limit ' .. ARGV[13] .. ')')
end
if ARGV[14] ~= '' then
  local booked = tonumber(redis.call('GET', KEYS[6]) or '0')
  if booked >= tonumber(ARGV[14]) then
    return redis.error_reply('CALLBACK.SLOT_FULL the slot has ' .. booked .. ' of ' .. ARGV[14] .. ' callbacks booked')
  end
end
if ARGV[15] ~= '' then
  local entry = redis.call('HMGET', KEYS[8], 'status', 'channelId')
  if entry[1] ~= 'waiting' or entry[2] ~= ARGV[15] then
    return redis.error_reply('CALLBACK.PLACE_GONE the caller is no longer waiting in the queue')
  end
  redis.call('HSET', KEYS[8], 'channelId', '', 'callerNumber', ARGV[3], 'callback', ARGV[1])
end
if ARGV[14] ~= '' then
  redis.call('INCR', KEYS[6])
  redis.call('PEXPIRE', KEYS[6], tonumber(ARGV[20]))
end
redis.call('INCR', KEYS[4])
redis.call('PEXPIRE', KEYS[4], 172800000)
redis.call('INCR', KEYS[5])
redis.call('PEXPIRE', KEYS[5], 120000)
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'kind', ARGV[2], 'number', ARGV[3], 'queueId', ARGV[4], 'acdCallId', ARGV[5],
  'dueAt', ARGV[6], 'slotStart', ARGV[7], 'status', 'booked', 'attempt', 0, 'callerId', ARGV[8], 'createdAt', ARGV[16],
  'createdBy', ARGV[9], 'originCallId', ARGV[10], 'data', ARGV[11])
redis.call('SET', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[6], ARGV[1])
redis.call('XADD', KEYS[7], '*', 'type', 'callback.booked', 'callId', ARGV[10], 'at', ARGV[17],
  'data', cjson.encode({ callback = ARGV[1], kind = ARGV[2], queue = ARGV[4], dueAt = tonumber(ARGV[6]), number = ARGV[18], by = ARGV[9] }))
return { 0, ARGV[1] }
