#!/usr/bin/env python3
"""dsw-cli serve against the pip `openai` client and plain HTTP, on the real stories260K model.

    serve_openai_test.py DSW_CLI DATA_DIR

Completions and chats through openai.OpenAI, streamed and not (the streamed text equals the whole
text); greedy requests sent together equal each sent alone; plain HTTP with malformed JSON gets a
400 in OpenAI's error shape; a client leaving mid-stream is counted and frees its slot; /metrics
parses with prometheus_client's text parser and counts what was sent; a hot swap while openai clients
send drops none of their requests and keeps their model name served. Exits 77 (skip) and says why
when the data folder or the pip packages `openai` / `prometheus_client` are missing.
"""
import concurrent.futures
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

cli, data = sys.argv[1], sys.argv[2]
model = os.path.join(data, "models", "stories260K-hf")
if not os.path.isdir(model):
    print(f"SKIP: no real data at {data}")
    sys.exit(77)
try:
    import openai
    from prometheus_client.parser import text_string_to_metric_families
except ImportError as e:
    print(f"SKIP: pip package missing ({e.name}); pip install openai prometheus_client to run this test")
    sys.exit(77)

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


server = subprocess.Popen([cli, "serve", model, "--port", "0", "--threads", "2", "--stats-every", "0", "--max-batch", "8"],
                          stderr=subprocess.PIPE, text=True)
url = None
deadline = time.time() + 60
while time.time() < deadline and url is None:
    line = server.stderr.readline()
    if not line:
        break
    m = re.search(r"on (http://127\.0\.0\.1:\d+)", line)
    if m:
        url = m.group(1)
if url is None:
    server.kill()
    print("FAIL the server did not start")
    sys.exit(1)

try:
    client = openai.OpenAI(base_url=url + "/v1", api_key="unused", max_retries=0, timeout=120)
    ids = [m.id for m in client.models.list().data]
    check("models_list", ids == ["stories260K-hf"], ids)

    prompt = "Once upon a time"
    whole = client.completions.create(model=ids[0], prompt=prompt, max_tokens=40, temperature=0)
    text = whole.choices[0].text
    check("completion_text", len(text) > 0 and whole.usage.completion_tokens > 0, whole)
    check("completion_finish", whole.choices[0].finish_reason in ("stop", "length"), whole.choices[0].finish_reason)
    streamed = "".join(c.choices[0].text for c in client.completions.create(
        model=ids[0], prompt=prompt, max_tokens=40, temperature=0, stream=True) if c.choices)
    check("completion_stream_equals_whole", streamed == text, (streamed, text))

    messages = [{"role": "system", "content": "You tell stories."}, {"role": "user", "content": "A story about a cat."}]
    chat = client.chat.completions.create(model=ids[0], messages=messages, max_tokens=30, temperature=0)
    chat_text = chat.choices[0].message.content
    check("chat_role", chat.choices[0].message.role == "assistant")
    chunks = list(client.chat.completions.create(model=ids[0], messages=messages, max_tokens=30, temperature=0, stream=True,
                                                 stream_options={"include_usage": True}))
    chat_streamed = "".join((c.choices[0].delta.content or "") for c in chunks if c.choices)
    check("chat_stream_equals_whole", chat_streamed == chat_text, (chat_streamed, chat_text))
    check("chat_stream_usage", chunks[-1].usage is not None and chunks[-1].usage.completion_tokens == chat.usage.completion_tokens)

    # Greedy requests together return what each returns alone.
    prompts = [f"Tom had {i} red balls and" for i in range(8)]
    alone = [client.completions.create(model=ids[0], prompt=p, max_tokens=24, temperature=0).choices[0].text for p in prompts]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda p: client.completions.create(model=ids[0], prompt=p, max_tokens=24,
                                                                     temperature=0).choices[0].text, prompts))
    check("together_equals_alone", together == alone, [(a, b) for a, b in zip(alone, together) if a != b][:2])

    # Errors come back as OpenAI errors: through the client, and as plain HTTP.
    try:
        client.completions.create(model="not-a-model", prompt="x", max_tokens=2)
        check("unknown_model_404", False, "no error")
    except openai.NotFoundError as e:
        check("unknown_model_404", e.status_code == 404 and "does not exist" in str(e))
    try:
        client.completions.create(model=ids[0], prompt="x", max_tokens=10 ** 6)
        check("oversized_max_tokens_400", False, "no error")
    except openai.BadRequestError as e:
        check("oversized_max_tokens_400", "maximum context length" in str(e))
    req = urllib.request.Request(url + "/v1/completions", data=b'{"prompt": "a", ', headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=30)
        check("malformed_json_400", False, "no error")
    except urllib.error.HTTPError as e:
        body = json.loads(e.read())
        check("malformed_json_400", e.code == 400 and "invalid JSON" in body["error"]["message"], body)
    plain = json.loads(urllib.request.urlopen(urllib.request.Request(
        url + "/v1/completions", data=json.dumps({"prompt": prompt, "max_tokens": 40, "temperature": 0}).encode(),
        headers={"Content-Type": "application/json"}), timeout=60).read())
    check("plain_http_equals_client", plain["choices"][0]["text"] == text)

    # A client that leaves mid-stream: the server counts it and the slot frees up.
    body = json.dumps({"prompt": prompt, "max_tokens": 400, "stream": True, "ignore_eos": True}).encode()
    s = socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])))
    s.sendall(b"POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
              str(len(body)).encode() + b"\r\n\r\n" + body)
    got = b""
    while got.count(b"data: ") < 3:
        got += s.recv(4096)
    s.close()
    metrics = ""
    for _ in range(200):
        metrics = urllib.request.urlopen(url + "/metrics", timeout=30).read().decode()
        if "dsw_serve_running_requests 0\n" in metrics and "dsw_serve_client_disconnects_total 1\n" in metrics:
            break
        time.sleep(0.05)
    check("disconnect_frees_slot", "dsw_serve_running_requests 0\n" in metrics and "dsw_serve_client_disconnects_total 1\n" in metrics)

    # /metrics parses with prometheus_client and counts what was sent.
    families = {f.name: f for f in text_string_to_metric_families(metrics)}
    check("metrics_families", all(n in families for n in ("dsw_serve_requests", "dsw_serve_batch_size",
                                                          "dsw_serve_time_to_first_token_seconds",
                                                          "dsw_serve_request_latency_seconds", "dsw_serve_queue_depth",
                                                          "dsw_serve_errors")), sorted(families))
    finished = [s.value for s in families["dsw_serve_requests"].samples if s.labels.get("outcome") == "finished"]
    check("metrics_finished", finished == [2 + 2 + 16 + 1], finished)
    hist = families["dsw_serve_batch_size"]
    count = [s.value for s in hist.samples if s.name == "dsw_serve_batch_size_count"]
    inf = [s.value for s in hist.samples if s.name == "dsw_serve_batch_size_bucket" and s.labels["le"] == "+Inf"]
    check("metrics_histogram", count and count == inf and count[0] > 0, (count, inf))
    multi = sum(s.value for s in hist.samples if s.name == "dsw_serve_batch_size_bucket" and s.labels["le"] == "1")
    check("metrics_batched", count[0] > multi, (count, multi))
    errors = [s.value for s in families["dsw_serve_errors"].samples]
    check("metrics_errors", errors and errors[0] >= 3, errors)

    # dsw-cli loadtest stores a "serve" row with the server's facts.
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "results.sqlite")
        lt = subprocess.run([cli, "loadtest", url, "--prompt", "Once upon a time", "--prompt", "The dog", "--concurrency", "4",
                             "--requests", "8", "--max-tokens", "16", "--db", db, "--label", "ci", "--json"],
                            capture_output=True, text=True, timeout=300)
        row = json.loads(lt.stdout) if lt.returncode == 0 else {}
        check("loadtest_row", row.get("suite") == "serve" and row.get("requests") == 8 and row.get("failed_requests") == 0 and
              row.get("concurrency") == 4 and row.get("architecture") == "llama" and row.get("schedule_policy") == "fcfs" and
              row.get("qps", 0) > 0 and row.get("serve_tps", 0) > 0 and row.get("request_p99_ms", 0) >= row.get("request_p50_ms", 1),
              (lt.returncode, lt.stderr[-300:], row))
        listed = subprocess.run([cli, "store", "--db", db, "list"], capture_output=True, text=True, timeout=60)
        check("loadtest_stored", listed.returncode == 0 and " ci " in listed.stdout, listed.stdout[-300:])
        remote = subprocess.run([cli, "loadtest", "http://10.1.2.3:8080", "--prompt", "x", "--no-store"],
                                capture_output=True, text=True, timeout=60)
        check("loadtest_stays_local", remote.returncode != 0 and "stay on 127.0.0.1" in remote.stderr, remote.stderr)

    # Hot swap under load through the openai client: clients keep asking for the name they started
    # with, none of their requests fails, and afterwards that name is served by the new version.
    swapped = [False]

    def client_loop(i):
        ok = bad = after = 0
        while after < 3 and ok + bad < 400:
            was = swapped[0]
            try:
                if i % 2:
                    got = "".join(c.choices[0].text for c in client.completions.create(
                        model=ids[0], prompt=f"Swap {i}", max_tokens=12, temperature=0, stream=True) if c.choices)
                else:
                    got = client.completions.create(model=ids[0], prompt=f"Swap {i}", max_tokens=12, temperature=0).choices[0].text
                ok += 1 if got else 0
            except openai.OpenAIError as e:
                bad += 1
                print(f"  request failed during the swap: {e}")
            after += 1 if was else 0
        return ok, bad

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(client_loop, i) for i in range(4)]
        time.sleep(0.3)
        swap = json.loads(urllib.request.urlopen(urllib.request.Request(
            url + "/admin/swap", data=json.dumps({"path": model, "id": "stories-v2"}).encode(),
            headers={"Content-Type": "application/json"}), timeout=120).read())
        swapped[0] = True
        results = [f.result() for f in futures]
    check("swap_answer", swap.get("model") == "stories-v2" and swap.get("pause_ms", -1) >= 0, swap)
    check("swap_drops_no_request", all(bad == 0 and ok > 0 for ok, bad in results), results)
    check("swap_models_list", [m.id for m in client.models.list().data] == ["stories-v2"])
    old_name = client.completions.create(model=ids[0], prompt=prompt, max_tokens=4, temperature=0)
    check("swap_old_name_served", old_name.model == "stories-v2", old_name.model)
    metrics = urllib.request.urlopen(url + "/metrics", timeout=30).read().decode()
    families = {f.name: f for f in text_string_to_metric_families(metrics)}
    check("swap_metrics", [s.value for s in families["dsw_serve_swaps"].samples] == [1.0], families.get("dsw_serve_swaps"))
finally:
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        code = None
    check("sigterm_stops_cleanly", code == 0, code)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
