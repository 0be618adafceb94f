#!/bin/sh
# SPDX-License-Identifier: MIT
# The mock platform server itself (tests/mockserver.py), which the
# collect tests and the benchmark lean on: it prints its port, walks every
# platform's pages to the end with each page's own token, refuses a wrong
# credential the way each platform does, fires faults from --faults FILE,
# writes --log FILE, and stops promptly on SIGTERM even with a stalled
# reply in flight. A Python stdlib client drives it (no netra binary).
. "$NETRA_SRC/tests/lib.sh"

cat >faults.json <<'EOF'
[{"path": "/2/users/by/username/", "kind": "503", "count": 1},
 {"path": "/youtube/v3/videos", "kind": "stall", "seconds": 30}]
EOF
python3 "$NETRA_SRC/tests/mockserver.py" --faults faults.json \
	--log requests.jsonl --synthetic 3 --pages 2 --max-seconds 120 \
	>port 2>server.err &
pid=$!
i=0
while [ ! -s port ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
port=$(head -1 port)
case "$port" in
[0-9]*) t_result 1 "the server printed its port" ;;
*) t_result 0 "the server printed its port"; kill $pid; done_testing
	exit 1 ;;
esac

cat >client.py <<'EOF'
import json, sys, urllib.error, urllib.request
base = "http://127.0.0.1:%s" % sys.argv[1]
X = {"Authorization": "Bearer fiktif-x-bearer-AAAA0001"}
YT = {"X-Goog-Api-Key": "fiktif-youtube-key-BBBB0002"}
META = {"Authorization": "Bearer fiktif-meta-token-CCCC0003"}
TT = {"Authorization": "Bearer fiktif-tiktok-token-DDDD0004"}

def get(path, headers=None, body=None):
    req = urllib.request.Request(base + path, headers=headers or {},
                                 data=body)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())

def walk_x(uid):
    n, pages, tok = 0, 0, None
    while True:
        q = "?pagination_token=" + tok if tok else ""
        s, j = get("/2/users/%s/tweets%s" % (uid, q), X)
        n += len(j.get("data", []))
        pages += 1
        tok = j["meta"].get("next_token")
        if not tok:
            return "x %s: %d posts, %d pages" % (uid, n, pages)

def walk_yt(pl):
    n, pages, tok = 0, 0, None
    while True:
        q = "&pageToken=" + tok if tok else ""
        s, j = get("/youtube/v3/playlistItems?playlistId=%s%s" % (pl, q),
                   YT)
        n += len(j["items"])
        pages += 1
        tok = j.get("nextPageToken")
        if not tok:
            return "youtube %s: %d videos, %d pages" % (pl, n, pages)

def walk_ig(name):
    n, pages, after = 0, 0, None
    while True:
        m = "media.after(%s)" % after if after else "media"
        s, j = get("/v19.0/17841400000000999?fields=business_discovery."
                   "username(%s)%%7B%s%%7Bid%%7D%%7D" % (name, m), META)
        media = j["business_discovery"]["media"]
        n += len(media["data"])
        pages += 1
        after = media.get("paging", {}).get("cursors", {}).get("after")
        if not after:
            return "instagram %s: %d media, %d pages" % (name, n, pages)

def walk_fb(page):
    n, pages, path = 0, 0, "/v19.0/%s/posts" % page
    while True:
        s, j = get(path, META)
        n += len(j["data"])
        pages += 1
        nxt = j.get("paging", {}).get("next")
        if not nxt:
            return "facebook %s: %d posts, %d pages" % (page, n, pages)
        path = nxt[len(base):]

def walk_tt(name):
    n, pages, cursor, sid = 0, 0, 0, None
    while True:
        q = {"query": {"and": [{"operation": "IN",
                                "field_name": "username",
                                "field_values": [name]}]},
             "max_count": 100, "cursor": cursor}
        if sid:
            q["search_id"] = sid
        s, j = get("/v2/research/video/query/?fields=id", TT,
                   json.dumps(q).encode())
        n += len(j["data"]["videos"])
        pages += 1
        cursor, sid = j["data"]["cursor"], j["data"]["search_id"]
        if not j["data"]["has_more"]:
            return "tiktok %s: %d videos, %d pages" % (name, n, pages)

print(walk_x("1790000000000000101"))
print(walk_x("1791000000000000002"))
print(walk_yt("UUFiktifBudiKudus000001A"))
print(walk_ig("budi.kudus.asn"))
print(walk_ig("asn.fiktif.00001"))
print(walk_fb("100000000000101"))
print(walk_tt("budi.kudus.asn"))
s, j = get("/2/users/by/username/budi_kudus_asn", X)
print("fault file: first lookup %d" % s)
s, j = get("/2/users/by/username/budi_kudus_asn", X)
print("fault file: then %d %s" % (s, j["data"]["username"]))
s, j = get("/2/users/by/username/budi_kudus_asn",
           {"Authorization": "Bearer wrong"})
print("x wrong token: %d %s" % (s, j["title"]))
s, j = get("/youtube/v3/channels?forHandle=@budi.kudus.asn&key=wrong")
print("youtube wrong key: %d %s" % (s, j["error"]["errors"][0]["reason"]))
s, j = get("/youtube/v3/channels?forHandle=@budi.kudus.asn")
print("youtube no key: %d %s" % (s, j["error"]["status"]))
s, j = get("/v19.0/100000000000101/posts?access_token=wrong")
print("meta wrong token: %d %s %d" % (s, j["error"]["type"],
                                      j["error"]["code"]))
s, j = get("/v2/research/video/query/", {"Authorization": "Bearer x"},
           b"{}")
print("tiktok wrong token: %d %s" % (s, j["error"]["code"]))
EOF
python3 client.py "$port" >out 2>err
cat >expect <<'EOF'
x 1790000000000000101: 12 posts, 3 pages
x 1791000000000000002: 10 posts, 2 pages
youtube UUFiktifBudiKudus000001A: 7 videos, 2 pages
instagram budi.kudus.asn: 6 media, 2 pages
instagram asn.fiktif.00001: 10 media, 2 pages
facebook 100000000000101: 4 posts, 1 pages
tiktok budi.kudus.asn: 9 videos, 2 pages
fault file: first lookup 503
fault file: then 200 budi_kudus_asn
x wrong token: 401 Unauthorized
youtube wrong key: 400 badRequest
youtube no key: 403 PERMISSION_DENIED
meta wrong token: 400 OAuthException 190
tiktok wrong token: 401 access_token_invalid
EOF
if cmp -s expect out; then
	t_result 1 "every platform paginates; faults and refusals as told"
else
	t_result 0 "every platform paginates; faults and refusals as told"
	diff expect out | diag
	diag err
fi

# a stalled reply in flight, then SIGTERM: the server still stops
python3 -c "
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'GET /youtube/v3/videos?id=x HTTP/1.1\r\nHost: x\r\n'
          b'X-Goog-Api-Key: fiktif-youtube-key-BBBB0002\r\n\r\n')
s.settimeout(5)
print(s.recv(12).decode())
" "$port" >stall.out 2>&1
has stall.out "HTTP/1.1 200"
kill -TERM $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
if kill -0 $pid 2>/dev/null; then
	t_result 0 "SIGTERM stops the server within 5 s"
	kill -KILL $pid
else
	t_result 1 "SIGTERM stops the server within 5 s"
fi
wait $pid
is "$?" 0 "the server exits 0"

# every API request in the log file, one JSON object a line
# 14 pages, 2 lookups, 5 refusals and the stalled one
is "$(grep -c '"method"' requests.jsonl)" 22 "the log file has 22 requests"
has requests.jsonl '"fault": "503"'
lacks server.err "Traceback"
done_testing
