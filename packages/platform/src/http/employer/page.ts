/**
 * The employers' page (F18): upload a staff list, read one line per person. Plain HTML, one script, one style sheet
 * (no inline code, so the page runs under a strict content security policy); the API key stays in the page's
 * memory and is sent only to the check API.
 */
const html = `<!doctype html>
<html lang="it">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Verifica del personale — Staff check</title>
    <link rel="stylesheet" href="page.css" />
    <script src="page.js" defer></script>
  </head>
  <body>
    <main>
      <h1>Verifica certificazioni del personale <span lang="en">/ Staff certificate check</span></h1>
      <p>
        Per ogni codice fiscale dell’elenco si indica soltanto se la persona ha oggi una certificazione valida per il
        livello scelto. <span lang="en">For each fiscal code, only whether the person holds a certificate valid today
        at the chosen level.</span>
      </p>
      <form id="check">
        <label for="api-key">Chiave API <span lang="en">/ API key</span></label>
        <input id="api-key" name="api-key" type="password" autocomplete="off" required minlength="16" />
        <label for="level">Livello <span lang="en">/ Level</span></label>
        <select id="level" name="level">
          <option value="BASE">Base</option>
          <option value="RAFFORZATA">Rafforzata</option>
          <option value="BOOSTER">Booster</option>
        </select>
        <label for="staff">Elenco CSV dei codici fiscali <span lang="en">/ CSV list of fiscal codes</span></label>
        <input id="staff" name="staff" type="file" accept=".csv,text/csv" required />
        <button type="submit">Verifica <span lang="en">/ Check</span></button>
      </form>
      <p id="message" role="alert"></p>
      <section id="results" hidden aria-labelledby="results-title">
        <h2 id="results-title">Esito <span lang="en">/ Result</span></h2>
        <p id="summary"></p>
        <table>
          <thead>
            <tr><th scope="col">Codice fiscale</th><th scope="col">Certificazione valida <span lang="en">/ Valid certificate</span></th></tr>
          </thead>
          <tbody id="rows"></tbody>
        </table>
      </section>
    </main>
  </body>
</html>
`

const script = `'use strict'
const form = document.getElementById('check')
const message = document.getElementById('message')
form.addEventListener('submit', async (event) => {
  event.preventDefault()
  message.textContent = ''
  document.getElementById('results').hidden = true
  const file = document.getElementById('staff').files[0]
  const level = document.getElementById('level').value
  const response = await fetch('/v1/employer/staff-checks?level=' + encodeURIComponent(level), {
    method: 'POST',
    headers: { 'content-type': 'text/csv', 'x-api-key': document.getElementById('api-key').value },
    body: await file.text(),
  })
  const answer = await response.json()
  if (!response.ok) {
    message.textContent = (answer.detail || answer.title) + ' (' + answer.code + ')'
    return
  }
  const body = document.getElementById('rows')
  body.replaceChildren(
    ...answer.rows.map((row) => {
      const line = document.createElement('tr')
      const code = document.createElement('td')
      code.textContent = row.fiscalCode
      const verdict = document.createElement('td')
      verdict.dataset.result = 'error' in row ? 'error' : String(row.valid)
      verdict.textContent = 'error' in row ? 'Codice non valido / Malformed (' + row.error + ')' : row.valid ? 'Sì / Yes' : 'No'
      line.append(code, verdict)
      return line
    }),
  )
  const valid = answer.rows.filter((row) => row.valid === true).length
  document.getElementById('summary').textContent =
    valid + ' / ' + answer.rows.length + ' — ' + answer.level + ', ' + new Date(answer.checkedAt).toLocaleString()
  document.getElementById('results').hidden = false
})
`

const style = `body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 48rem; padding: 1rem; color: #1a1a1a; }
h1 { font-size: 1.4rem; color: #0b6e4f; }
form { display: grid; gap: 0.4rem; max-width: 28rem; }
input, select, button { font: inherit; padding: 0.4rem; }
button { background: #0b6e4f; color: #fff; border: 0; border-radius: 0.3rem; min-height: 2.75rem; }
#message { color: #b00020; font-weight: 600; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ccc; padding: 0.3rem; text-align: left; }
td[data-result='true'] { color: #0b6e4f; font-weight: 600; }
td[data-result='false'], td[data-result='error'] { color: #b00020; }
`

export const EMPLOYER_PAGE = {
  html: { contentType: 'text/html; charset=utf-8', body: html },
  script: { contentType: 'text/javascript; charset=utf-8', body: script },
  style: { contentType: 'text/css; charset=utf-8', body: style },
} as const
