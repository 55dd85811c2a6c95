curl ^"https://api.example.com/v1/users?page=2^&sort=name^" ^
  -H ^"accept: application/json^" ^
  -H ^"content-type: application/json^" ^
  --data-raw ^"^{^\^"name^\^":^\^"O'Brien^\^",^\^"path^\^":^\^"C:^\^\^\^\temp^\^",^\^"pct^\^":^\^"100%^ done^\^"^}^" ^
  --compressed
