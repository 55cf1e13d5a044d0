-- POST /evaluations with every example profile in turn, rather than one profile over and over.
local bodies = {}
for path in io.popen("ls examples/profiles/*.json"):lines() do
  local f = io.open(path, "r")
  bodies[#bodies + 1] = f:read("*a")
  f:close()
end
local next_body = 0
local headers = { ["Content-Type"] = "application/json" }

request = function()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, headers, bodies[next_body])
end
