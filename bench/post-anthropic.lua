-- wrk script: POST a small chat completion request (model "bench-anthropic") to the path given by wrk's URL.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-client"
wrk.body = '{"model":"bench-anthropic","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello in one short sentence."}],"max_tokens":32}'
