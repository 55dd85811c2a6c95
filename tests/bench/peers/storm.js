// The refresh storm for Node clients: N concurrent GET /api/items on an access token the sandbox
// has just expired, with rotation and reuse detection on. Prints one JSON line: ok, lost.
//   node storm.js axios-auth-refresh|seed N BASE_URL CLIENT_ID CLIENT_SECRET USERNAME PASSWORD
// axios-auth-refresh: the library's interceptor (401, one shared refresh promise).
// seed: the pattern many codebases start from: a response interceptor that, on 403, refreshes
// and retries the request once (the sandbox is switched to answer 403 on expiry for it).
'use strict';
const axios = require('axios');
const [mode, countText, base, clientId, clientSecret, username, password] = process.argv.slice(2);
const count = Number(countText);
const tokenUrl = `${base}/oauth/token`;
const form = (fields) => new URLSearchParams(fields).toString();
const basic = 'Basic ' + Buffer.from(`${clientId}:${clientSecret}`).toString('base64');

async function tokenRequest(fields) {
  const answer = await axios.post(tokenUrl, form(fields), {
    headers: {'Content-Type': 'application/x-www-form-urlencoded', Authorization: basic},
  });
  return answer.data;
}

async function main() {
  let tokens = await tokenRequest({grant_type: 'password', username, password});
  await axios.post(`${base}/admin/expire`);
  const api = axios.create({baseURL: base});
  api.interceptors.request.use((config) => {
    config.headers.Authorization = `Bearer ${tokens.access_token}`;
    return config;
  });
  const refresh = async () => {
    const next = await tokenRequest({grant_type: 'refresh_token', refresh_token: tokens.refresh_token});
    tokens = {...tokens, ...next};
  };
  if (mode === 'axios-auth-refresh') {
    const createAuthRefreshInterceptor = require('axios-auth-refresh').default;
    createAuthRefreshInterceptor(api, () => refresh());
  } else {
    api.interceptors.response.use(undefined, async (error) => {
      const config = error.config;
      if (error.response && error.response.status === 403 && !config._retried) {
        config._retried = true;
        await refresh();
        return api(config);
      }
      throw error;
    });
  }
  const results = await Promise.allSettled(
    Array.from({length: count}, () => api.get('/api/items')));
  const ok = results.filter((r) => r.status === 'fulfilled' && r.value.status === 200).length;
  console.log(JSON.stringify({ok, lost: count - ok}));
}

main().catch((error) => {
  console.log(JSON.stringify({ok: 0, lost: count, error: String(error)}));
});
