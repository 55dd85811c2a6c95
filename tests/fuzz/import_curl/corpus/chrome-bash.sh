curl 'https://api.example.com/v1/users?page=2' \
  -H 'accept: application/json' \
  -H 'accept-language: de-DE,de;q=0.9' \
  -H 'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.cGF5bG9hZA.c2ln' \
  -H 'content-type: application/json' \
  -b 'session=abc123; theme=dark' \
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \
  --data-raw $'{"name":"O\'Brien","city":"Zürich","note":"line1\\nline2"}' \
  --compressed
