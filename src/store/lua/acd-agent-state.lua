-- acd-agent-state: an agent's own state change (login, logout, ready, pause, wrap-up done),
-- asked by the agent, a supervisor or the engine (wrap-up timer). States the ACD owns
-- (reserved, on_call) cannot be left this way.
-- KEYS[1] agent hash   KEYS[2] events
-- ARGV[1] agent id   ARGV[2] action (login|logout|ready|pause|wrapup_done)   ARGV[3] pause reason
-- ARGV[4] now (epoch ms)   ARGV[5] event time (ISO)   ARGV[6] actor
-- Returns the new status, or the error ACD.NO_SUCH_AGENT / ACD.BAD_TRANSITION.
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return redis.error_reply('ACD.NO_SUCH_AGENT agent ' .. ARGV[1] .. ' does not exist')
end
local action = ARGV[2]
local now = ARGV[4]
local allowed = {
  login = { logged_out = true },
  logout = { available = true, paused = true, wrap_up = true, logged_out = true },
  ready = { paused = true, wrap_up = true, available = true },
  pause = { available = true, paused = true, wrap_up = true },
  wrapup_done = { wrap_up = true },
}
if not allowed[action] or not allowed[action][status] then
  return redis.error_reply('ACD.BAD_TRANSITION agent ' .. ARGV[1] .. ' cannot ' .. action .. ' while ' .. status)
end
local after = 'available'
if action == 'logout' then after = 'logged_out' elseif action == 'pause' then after = 'paused' end
if after == status and action ~= 'pause' then
  return after
end
redis.call('HSET', KEYS[1], 'status', after, 'since', now, 'reason', (after == 'paused') and ARGV[3] or '', 'callId', '', 'wrapUntil', '')
if after == 'available' then
  redis.call('HSET', KEYS[1], 'availableSince', now)
end
redis.call('XADD', KEYS[2], '*', 'type', 'agent.state', 'callId', '', 'at', ARGV[5],
  'data', cjson.encode({ agentId = ARGV[1], from = status, to = after, action = action, reason = ARGV[3], by = ARGV[6] }))
return after
