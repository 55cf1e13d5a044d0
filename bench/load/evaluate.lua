local f = io.open("examples/profiles/ro-nord-est-ict-cluster.json", "r")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
