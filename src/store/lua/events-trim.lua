-- events-trim: a reports projector says how far it has read the event log; the log is trimmed
-- to what some projector still has to read, never to less than the last day.
-- KEYS[1] events stream   KEYS[2] projectors hash (consumer -> "<last id> <Redis time, ms>")
-- ARGV[1] consumer   ARGV[2] the last id it applied   ARGV[3] silent for longer (ms), a projector
-- no longer holds the log   ARGV[4] always keep this much (ms)
-- Durations only, against Redis's own TIME (one clock: src/store/redis.ts).
-- Returns the entries trimmed (exactly: about a minute's events each time).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ' ' .. now)
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local minMs, minSeq = now - tonumber(ARGV[4]), 0
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  local id, seen = string.match(all[i + 1], '^(%S+) (%d+)$')
  if not id or now - tonumber(seen) > tonumber(ARGV[3]) then
    redis.call('HDEL', KEYS[2], all[i])
  else
    local ms, seq = parse(id)
    if ms and (ms < minMs or (ms == minMs and seq < minSeq)) then
      minMs, minSeq = ms, seq
    end
  end
end
-- MINID keeps entries with ids >= the one given: the last id applied by the slowest projector stays.
return redis.call('XTRIM', KEYS[1], 'MINID', string.format('%d-%d', minMs, minSeq))
