# A hand-written command with everything at once
$ curl -sSL -XPUT "https://{{host}}/items/{{id}}?v=\"1\"" \
     -u "admin:p@ss w0rd" \
     -H "X-Request-Id: {{requestId}}" \
     -H 'X-Empty;' \
     -H 'Accept:' \
     -F 'photo=@/tmp/photo 1.png;type=image/png' \
     -F "title=Hello; world" \
     --form-string 'literal=@not-a-file' \
     -k --max-time 2.5
curl -G https://search.example.com/find -d q=hello --data-urlencode 'name=a b&c' -d "lang=de" | jq .
curl --url search.example.com/post -d a=1 -d 'b=x+y%21' --data-binary @payload.bin
