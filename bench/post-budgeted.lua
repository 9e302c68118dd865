-- wrk script: the request of post.lua with an end user ("user"), so the end-user budget of the budgeted route applies.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-client"
wrk.body = '{"model":"bench","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello in one short sentence."}],"max_tokens":32,"user":"bench-user"}'
