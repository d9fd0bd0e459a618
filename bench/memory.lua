-- wrk script of bench/memory.mjs: each request a public read picked at
-- random from the file of paths given as the argument, one per line:
--   wrk ... -s bench/memory.lua URL -- PATHS_FILE
function init(args)
    paths = {}
    for line in io.lines(args[1]) do
        paths[#paths + 1] = line
    end
    math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
    return wrk.format("GET", paths[math.random(#paths)])
end
