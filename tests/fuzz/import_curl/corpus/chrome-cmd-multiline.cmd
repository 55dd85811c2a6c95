curl ^"https://api.example.com/notes^" ^
  -H ^"content-type: text/plain^" ^
  --data-raw ^"first line^

second line^"
