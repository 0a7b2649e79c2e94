-- acd-enqueue: a caller enters a queue (or comes back to it after an engine restart), atomically
-- with the queue-length check and the acd.enter event.
-- KEYS[1] ACD call hash   KEYS[2] queue zset   KEYS[3] ACD calls zset   KEYS[4] seq counter   KEYS[5] events
-- KEYS[6] the queue's counters today
-- ARGV[1] call id   ARGV[2] queue id   ARGV[3] priority   ARGV[4] entered at (epoch ms)   ARGV[5] channel id
-- ARGV[6] caller number   ARGV[7] data (JSON)   ARGV[8] max length   ARGV[9] event time (ISO)
-- Returns { seq, queue length after }, or the error ACD.QUEUE_FULL / ACD.ALREADY_QUEUED.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('ACD.ALREADY_QUEUED call ' .. ARGV[1] .. ' is already in a queue')
end
local length = redis.call('ZCARD', KEYS[2])
if length >= tonumber(ARGV[8]) then
  return redis.error_reply('ACD.QUEUE_FULL queue ' .. ARGV[2] .. ' has ' .. length .. ' callers')
end
local seq = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[1], 'callId', ARGV[1], 'queueId', ARGV[2], 'priority', ARGV[3], 'enteredAt', ARGV[4],
  'seq', seq, 'channelId', ARGV[5], 'callerNumber', ARGV[6], 'data', ARGV[7], 'status', 'waiting')
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('HINCRBY', KEYS[6], 'entered', 1)
redis.call('PEXPIRE', KEYS[6], 3456000000)
redis.call('XADD', KEYS[5], '*', 'type', 'acd.enter', 'callId', ARGV[1], 'at', ARGV[9],
  'data', cjson.encode({ queue = ARGV[2], priority = tonumber(ARGV[3]), length = length + 1 }))
return { seq, length + 1 }
