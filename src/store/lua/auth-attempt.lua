-- auth-attempt: takes one login attempt for an agent from a source, atomically and BEFORE the PIN
-- is checked, so parallel guesses cannot all be evaluated. Three limits within one window (a
-- duration: the window starts at the first attempt): per agent and source (a guesser at one
-- address), per agent from any source (guessing spread over many addresses), per source across
-- agents (one address trying many agents). A guesser locks an agent out only for themselves until
-- the per-agent limit, which is higher.
-- KEYS[1] the agent's attempts (hash: source → count, '*' → all)   KEYS[2] the source's attempts (counter)
-- ARGV[1] source   ARGV[2] window (ms)   ARGV[3] max per agent and source   ARGV[4] max per agent   ARGV[5] max per source
-- Returns 'ok', 'agent_locked' or 'source_locked'.
local pair = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local total = tonumber(redis.call('HGET', KEYS[1], '*') or '0')
local source = tonumber(redis.call('GET', KEYS[2]) or '0')
if pair >= tonumber(ARGV[3]) or total >= tonumber(ARGV[4]) then return 'agent_locked' end
if source >= tonumber(ARGV[5]) then return 'source_locked' end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('HINCRBY', KEYS[1], '*', 1)
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
redis.call('INCR', KEYS[2])
if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return 'ok'
