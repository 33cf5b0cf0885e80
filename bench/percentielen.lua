-- wrk prints p50/p75/p90/p99 only; the targets speak of p95. Latencies are in microseconds.
done = function(summary, latency, requests)
  for _, p in pairs({50, 95, 99}) do
    io.write(string.format("P%d %d\n", p, latency:percentile(p)))
  end
end
