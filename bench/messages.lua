-- wrk script: an Anthropic Messages request (Claude Code's shape, small), which the gateway
-- translates for an OpenAI-compatible upstream. Use with compare.sh's BENCH_PATH=/v1/messages.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["anthropic-version"] = "2023-06-01"
wrk.body = '{"model":"bench/m","max_tokens":64,"system":"You are a helpful coding assistant.","messages":[{"role":"user","content":[{"type":"text","text":"Write a function that adds two numbers in Python, please."}]}],"temperature":0.2}'
