-- acd-call-end: a connected call ended (either side hung up). The agent goes to wrap-up (or
-- straight back to available when the queue has none), the handle time joins the queue's recent
-- ones (for the wait estimate), the call leaves the ACD.
-- KEYS[1] agent hash   KEYS[2] ACD call hash   KEYS[3] ACD calls zset   KEYS[4] queue handle-times list   KEYS[5] events
-- KEYS[6] the queue's counters today
-- ARGV[1] agent id   ARGV[2] call id   ARGV[3] now (epoch ms)   ARGV[4] event time (ISO)   ARGV[5] wrap-up seconds
-- ARGV[6] ended by (caller|agent|asterisk)
-- Returns { talk seconds, the agent's hash as it is now (HGETALL) } — the engine routes the freed
-- agent from it without reading it again — or false if the call had already ended (idempotent).
if redis.call('HGET', KEYS[2], 'status') ~= 'connected' then
  return false
end
local now = tonumber(ARGV[3])
local talk = math.floor((now - tonumber(redis.call('HGET', KEYS[2], 'connectedAt'))) / 1000 + 0.5)
local queue = redis.call('HGET', KEYS[2], 'queueId')
local wrap = tonumber(ARGV[5])
if redis.call('HGET', KEYS[1], 'status') == 'on_call' and redis.call('HGET', KEYS[1], 'callId') == ARGV[2] then
  redis.call('HINCRBY', KEYS[1], 'occupiedSeconds', talk)
  if wrap > 0 then
    redis.call('HSET', KEYS[1], 'status', 'wrap_up', 'since', now, 'wrapUntil', now + wrap * 1000)
  else
    redis.call('HSET', KEYS[1], 'status', 'available', 'since', now, 'availableSince', now, 'callId', '')
  end
end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('HINCRBY', KEYS[6], 'handled', 1)
redis.call('HINCRBY', KEYS[6], 'talkSeconds', talk)
redis.call('PEXPIRE', KEYS[6], 3456000000)
redis.call('LPUSH', KEYS[4], talk + wrap)
redis.call('LTRIM', KEYS[4], 0, 49)
redis.call('XADD', KEYS[5], '*', 'type', 'acd.call_ended', 'callId', ARGV[2], 'at', ARGV[4],
  'data', cjson.encode({ agentId = ARGV[1], queue = queue, talkSeconds = talk, endedBy = ARGV[6], wrapUpSeconds = wrap }))
return { talk, redis.call('HGETALL', KEYS[1]) }
