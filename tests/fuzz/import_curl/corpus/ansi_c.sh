curl https://api.example/x -H "A: b" --data-raw $'a\nb' -u user:pass --compressed
curl -X PUT -F "f=@file.txt" -F name=x --oauth2-bearer tok http://h/
