import type { TestIdentity } from './identities.ts'

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** The login page: SPID/CIE look, a username (fiscal code) and password form, and the test identities listed. */
export function loginPage(input: { uid: string; identities: readonly TestIdentity[]; error: boolean }): string {
  const rows = input.identities
    .map((i) => `<li><code>${escape(i.fiscalCode)}</code> — ${escape(i.givenName)} ${escape(i.familyName)}</li>`)
    .join('')
  return `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Entra con SPID o CIE — identity provider di test</title>
<style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#17324d}
h1{font-size:1.5rem}label{display:block;margin-top:1rem;font-weight:600}
input{width:100%;padding:.6rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.5rem;padding:.7rem 1.5rem;background:#0066cc;color:#fff;border:0;border-radius:4px;font-size:1rem}
[role=alert]{color:#a61919;font-weight:600}
</style>
</head>
<body>
<main>
<h1>Entra con SPID o CIE</h1>
<p>Identity provider di test: nessun dato reale.</p>
${input.error ? '<p role="alert">Credenziali non valide.</p>' : ''}
<form method="post" action="/interaction/${escape(input.uid)}">
<label for="username">Codice fiscale</label>
<input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Entra</button>
</form>
<h2>Identità di test</h2>
<p>Password: <code>password</code></p>
<ul>${rows}</ul>
</main>
</body>
</html>`
}
