-- acd-leave: a caller leaves the queue without reaching an agent (abandon, max wait, shutdown).
-- KEYS[1] ACD call hash   KEYS[2] queue zset   KEYS[3] ACD calls zset   KEYS[4] events   KEYS[5] the queue's counters today
-- ARGV[1] call id   ARGV[2] reason (abandoned|timeout|shutdown|lost|callback_unreachable|callback_cancelled)   ARGV[3] now (epoch ms)   ARGV[4] event time (ISO)
-- Returns the ms waited, or false if the call was not in a queue (idempotent).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return false
end
local waited = tonumber(ARGV[3]) - tonumber(redis.call('HGET', KEYS[1], 'enteredAt'))
local queue = redis.call('HGET', KEYS[1], 'queueId')
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
local counter = ({ abandoned = 'abandoned', timeout = 'timedOut', callback_unreachable = 'callbacksUnreachable', callback_cancelled = 'callbacksCancelled' })[ARGV[2]] or 'lost'
redis.call('HINCRBY', KEYS[5], counter, 1)
redis.call('PEXPIRE', KEYS[5], 3456000000)
local type = 'acd.leave'
if ARGV[2] == 'abandoned' then type = 'acd.abandon' end
redis.call('XADD', KEYS[4], '*', 'type', type, 'callId', ARGV[1], 'at', ARGV[4],
  'data', cjson.encode({ queue = queue, reason = ARGV[2], waitedMs = waited }))
return waited
