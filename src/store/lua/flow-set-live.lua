-- flow-set-live: makes an existing version of a flow live (rollback), and logs it, atomically.
-- KEYS[1] versions hash   KEYS[2] live versions hash   KEYS[3] events stream
-- ARGV[1] flow id   ARGV[2] version   ARGV[3] author   ARGV[4] time (ISO 8601)   ARGV[5] event type (optional)
-- Returns 1, or 0 if that version does not exist.
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then
  return 0
end
local previous = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('XADD', KEYS[3], '*', 'type', ARGV[5] or 'flow.rolled_back', 'callId', '', 'at', ARGV[4],
  'data', cjson.encode({ flowId = ARGV[1], version = tonumber(ARGV[2]), previous = previous and tonumber(previous) or cjson.null, author = ARGV[3] }))
return 1
