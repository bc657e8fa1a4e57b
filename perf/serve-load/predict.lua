-- wrk -s perf/serve-load/predict.lua URL, with BODY (a file) and CONTENT_TYPE in the environment:
-- POSTs that body to /predict on every request, and prints p50, p99 and p99.9 latency (µs) at the
-- end, since wrk --latency stops at p99. Used by perf/serve-load.sh for the batch-1 and batch-64
-- bodies, as JSON and as float32 rows.
local file = assert(io.open(os.getenv("BODY"), "rb"))
wrk.method = "POST"
wrk.path = "/predict"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = os.getenv("CONTENT_TYPE")

done = function(summary, latency, requests)
   io.write(string.format("percentiles-us %d %d %d\n", latency:percentile(50), latency:percentile(99), latency:percentile(99.9)))
end
