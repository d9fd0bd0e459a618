-- wrk script of bench/writes.mjs: each request is a real API write, a
-- person renamed (PATCH /api/v1/people/ID) to a name no request before
-- it used, with the bearer token and the number of people given as
-- arguments:  wrk ... -s bench/writes.lua URL -- TOKEN PEOPLE
local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("writer", threads)
end

function init(args)
    token = args[1]
    people = tonumber(args[2])
    sent = 0
end

function request()
    sent = sent + 1
    local id = 1 + (writer * 7919 + sent) % people
    local body = string.format('{"name_en":"Writer %d.%d"}', writer, sent)
    return wrk.format("PATCH", "/api/v1/people/" .. id, {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
    }, body)
end
