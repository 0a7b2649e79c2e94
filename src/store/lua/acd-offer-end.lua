-- acd-offer-end: an offer that did not connect ends (the agent did not answer, the phone failed,
-- or the caller hung up while it rang). The agent is released (available or paused); the call
-- goes back to waiting with its place, unless the caller is gone.
-- KEYS[1] agent hash   KEYS[2] ACD call hash   KEYS[3] events
-- ARGV[1] agent id   ARGV[2] call id   ARGV[3] outcome (no_answer|failed|caller_gone|recovered)
-- ARGV[4] agent status after (available|paused)   ARGV[5] pause reason   ARGV[6] now (epoch ms)   ARGV[7] event time (ISO)
-- Returns 1 if the offer was still open, 0 if it had already ended (idempotent).
local open = 0
if redis.call('HGET', KEYS[1], 'status') == 'reserved' and redis.call('HGET', KEYS[1], 'callId') == ARGV[2] then
  open = 1
  redis.call('HSET', KEYS[1], 'status', ARGV[4], 'callId', '', 'since', ARGV[6], 'reason', ARGV[5])
  if ARGV[4] == 'available' then
    redis.call('HSET', KEYS[1], 'availableSince', ARGV[6])
  end
end
if redis.call('HGET', KEYS[2], 'status') == 'offered' and redis.call('HGET', KEYS[2], 'agentId') == ARGV[1] then
  open = 1
  redis.call('HSET', KEYS[2], 'status', 'waiting', 'agentId', '', 'legChannelId', '')
end
if open == 1 then
  local type = 'acd.offer_cancelled'
  if ARGV[3] == 'no_answer' or ARGV[3] == 'failed' then type = 'acd.no_answer' end
  redis.call('XADD', KEYS[3], '*', 'type', type, 'callId', ARGV[2], 'at', ARGV[7],
    'data', cjson.encode({ agentId = ARGV[1], outcome = ARGV[3], agentStatus = ARGV[4], reason = ARGV[5] }))
end
return open
