-- wrk script: the same small chat request for every target.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"bench/m","messages":[{"role":"system","content":"You are a helpful coding assistant."},{"role":"user","content":"Write a function that adds two numbers in Python, please."}],"temperature":0.2,"max_tokens":64}'
