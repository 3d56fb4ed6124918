/**
 * The wallet: IO's certificate screens as a web app (issuance-and-io.md §2.6). Login, unlock code, inbox, the
 * certificate (asked again from the platform at every opening), Details, Save as image, and the revoked, expired and
 * error screens; images saved on the device stay visible offline.
 */
import { IO_LANGUAGE, initialLanguage, type Language, LANGUAGES, TEXTS } from './i18n.ts'
import { renderMarkdown } from './markdown.ts'
import { checkPin, hasPin, setPin } from './pin.ts'
import { type SavedImage, savedImages, saveImage } from './saved.ts'
import { registerWebAuthn, unlockWithWebAuthn, webAuthnOffered, webAuthnRegistered } from './webauthn.ts'

type Certificate = {
  status: 'valid' | 'revoked' | 'expired'
  qr_code?: { mime_type: string; content: string }
  header_info: { title: string; subtitle: string; logo_id: string }
  uvci?: string
  info?: string
  detail?: string
  revoked_on?: string
}
type Message = {
  id: string
  subject: string
  markdown: string
  created_at: string
  eu_covid_cert?: { auth_code: string }
}
type InboxItem = { id: string; subject: string; created_at: string; read: boolean; eu_covid_cert: boolean }

const HELP_URL = 'https://www.dgc.gov.it/'
const SUPPORT_URL = 'https://io.italia.it/assistenza/'

let language: Language = initialLanguage(localStorage.getItem('io-lang'), navigator.language)
let unlocked = false
/** The certificate on screen, for Details and Save (never stored: the next opening asks the platform again). */
let current: { messageId: string; certificate: Certificate } | undefined

const main = document.getElementById('main') as HTMLElement
const t = () => TEXTS[language]
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

async function api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T | undefined }> {
  const response = await fetch(path, {
    ...init,
    credentials: 'same-origin',
    headers: init?.body ? { 'content-type': 'application/json' } : {},
  })
  const body = response.headers.get('content-type')?.includes('json') ? ((await response.json()) as T) : undefined
  return { status: response.status, body }
}

function show(html: string, title: string): void {
  main.innerHTML = html
  document.title = `${title} — ${t().appName}`
  const heading = main.querySelector('h1, h2') as HTMLElement | null
  heading?.setAttribute('tabindex', '-1')
  heading?.focus()
}

function toast(text: string): void {
  const status = document.getElementById('toast') as HTMLElement
  status.textContent = text
  setTimeout(() => {
    if (status.textContent === text) status.textContent = ''
  }, 4000)
}

function renderChrome(): void {
  document.documentElement.lang = language
  const select = document.getElementById('language') as HTMLSelectElement
  select.innerHTML = LANGUAGES.map(
    (l) => `<option value="${l}"${l === language ? ' selected' : ''}>${l.toUpperCase()}</option>`,
  ).join('')
  ;(document.getElementById('language-label') as HTMLElement).textContent = t().language
  ;(document.getElementById('app-name') as HTMLElement).textContent = t().appName
  ;(document.getElementById('saved-link') as HTMLElement).textContent = t().savedTitle
}

async function route(): Promise<void> {
  renderChrome()
  const hash = location.hash.replace(/^#/, '') || '/'
  const message = /^\/messages\/([0-9A-Z]{26})(\/details)?$/.exec(hash)
  try {
    if (hash === '/saved') return await savedScreen()
    const session = await api<{ given_name: string }>('/api/v1/session')
    if (session.status === 401) return await welcomeScreen()
    if (!hasPin()) return pinSetupScreen()
    if (message?.[1] && message[2]) return detailsScreen(message[1])
    if (message?.[1]) return await messageScreen(message[1])
    return await inboxScreen(session.body?.given_name ?? '')
  } catch {
    // No network: the app shell came from the service worker; what is left to show is what was saved.
    return await savedScreen(t().offline)
  }
}

async function welcomeScreen(): Promise<void> {
  const failed = new URLSearchParams(location.search).has('login')
  show(
    `<h1>${t().appName}</h1>
     ${failed ? `<p role="alert">${t().loginFailed}</p>` : ''}
     <p>${t().welcome}</p>
     <p><a class="button primary" href="/login">${t().login}</a></p>`,
    t().appName,
  )
}

function pinSetupScreen(): void {
  show(
    `<h1>${t().setPinTitle}</h1>
     <p>${t().setPinText}</p>
     <form id="pin-form">
       <label for="pin">${t().pin}</label>
       <input id="pin" type="password" inputmode="numeric" autocomplete="new-password" maxlength="5" required>
       <label for="pin-again">${t().pinAgain}</label>
       <input id="pin-again" type="password" inputmode="numeric" autocomplete="new-password" maxlength="5" required>
       <p id="pin-error" role="alert"></p>
       <button class="primary" type="submit">${t().save}</button>
     </form>`,
    t().setPinTitle,
  )
  ;(document.getElementById('pin-form') as HTMLFormElement).addEventListener('submit', async (event) => {
    event.preventDefault()
    const pin = (document.getElementById('pin') as HTMLInputElement).value
    const again = (document.getElementById('pin-again') as HTMLInputElement).value
    if (!/^\d{5}$/.test(pin) || pin !== again) {
      ;(document.getElementById('pin-error') as HTMLElement).textContent = t().pinMismatch
      return
    }
    await setPin(pin)
    unlocked = true
    if (await webAuthnOffered()) return webAuthnOfferScreen()
    await route()
  })
}

function webAuthnOfferScreen(): void {
  show(
    `<h1>${t().unlockTitle}</h1>
     <p>${t().webauthnOffer}</p>
     <p id="webauthn-error" role="alert"></p>
     <div class="actions">
       <button type="button" class="primary" id="webauthn-enable">${t().webauthnEnable}</button>
       <button type="button" id="webauthn-skip">${t().notNow}</button>
     </div>`,
    t().unlockTitle,
  )
  ;(document.getElementById('webauthn-enable') as HTMLElement).addEventListener('click', async () => {
    if (await registerWebAuthn()) return route()
    ;(document.getElementById('webauthn-error') as HTMLElement).textContent = t().webauthnFailed
  })
  ;(document.getElementById('webauthn-skip') as HTMLElement).addEventListener('click', () => void route())
}

async function inboxScreen(givenName: string): Promise<void> {
  const { body } = await api<{ items: InboxItem[] }>('/api/v1/messages')
  const items = body?.items ?? []
  const list = items.length
    ? `<ul class="inbox">${items
        .map(
          (m) => `<li class="${m.read ? 'read' : 'unread'}">
            <a href="#/messages/${m.id}">${m.read ? '' : `<span class="dot" aria-label="${t().unread}" role="img"></span>`}
            <span class="subject">${escape(m.subject)}</span>
            <time datetime="${m.created_at}">${new Date(m.created_at).toLocaleDateString(language)}</time></a></li>`,
        )
        .join('')}</ul>`
    : `<p>${t().inboxEmpty}</p>`
  show(
    `<h1>${t().inbox}</h1>
     <p>${t().hello} ${escape(givenName)}</p>
     ${list}
     <p><button type="button" id="logout">${t().logout}</button></p>`,
    t().inbox,
  )
  ;(document.getElementById('logout') as HTMLElement).addEventListener('click', async () => {
    await api('/logout', { method: 'POST' })
    unlocked = false
    await route()
  })
}

function unlockScreen(then: () => Promise<void>): void {
  show(
    `<h1>${t().unlockTitle}</h1>
     <p>${t().unlockText}</p>
     <form id="unlock-form">
       <label for="unlock-pin">${t().pin}</label>
       <input id="unlock-pin" type="password" inputmode="numeric" autocomplete="current-password" maxlength="5" required>
       <p id="unlock-error" role="alert"></p>
       <button class="primary" type="submit">${t().unlock}</button>
     </form>
     ${webAuthnRegistered() ? `<p><button type="button" id="webauthn-unlock">${t().webauthnUnlock}</button></p>` : ''}`,
    t().unlockTitle,
  )
  document.getElementById('webauthn-unlock')?.addEventListener('click', async () => {
    if (await unlockWithWebAuthn()) {
      unlocked = true
      await then()
    } else (document.getElementById('unlock-error') as HTMLElement).textContent = t().webauthnFailed
  })
  ;(document.getElementById('unlock-form') as HTMLFormElement).addEventListener('submit', async (event) => {
    event.preventDefault()
    if (await checkPin((document.getElementById('unlock-pin') as HTMLInputElement).value)) {
      unlocked = true
      await then()
    } else (document.getElementById('unlock-error') as HTMLElement).textContent = t().unlockWrong
  })
}

async function messageScreen(id: string): Promise<void> {
  const { status, body: message } = await api<Message>(`/api/v1/messages/${id}`)
  if (status !== 200 || !message) return errorScreen(t().genericError, undefined)
  if (!message.eu_covid_cert) {
    return show(
      `<h1>${escape(message.subject)}</h1><div class="markdown">${renderMarkdown(message.markdown)}</div>
       <p><a href="#/">${t().back}</a></p>`,
      message.subject,
    )
  }
  const authCode = message.eu_covid_cert.auth_code
  if (!unlocked) return unlockScreen(() => certificateScreen(id, authCode))
  return certificateScreen(id, authCode)
}

async function certificateScreen(id: string, authCode: string): Promise<void> {
  show(
    `<h1 class="visually-hidden">${t().appName}</h1><p role="status" class="loading">${t().loading}</p>`,
    t().appName,
  )
  let response: { status: number; body: Certificate | undefined }
  try {
    response = await api<Certificate>('/api/v1/eucovidcert/certificate', {
      method: 'POST',
      body: JSON.stringify({ accessData: { auth_code: authCode, preferred_languages: [IO_LANGUAGE[language]] } }),
    })
  } catch {
    return errorScreen(t().genericError, { id, authCode, retry: true })
  }
  const { status, body: certificate } = response
  if (status === 200 && certificate) {
    current = { messageId: id, certificate }
    if (certificate.status === 'valid' && certificate.qr_code?.mime_type === 'image/png')
      return validScreen(certificate)
    if (certificate.status === 'revoked') return notValidScreen(certificate, t().revoked)
    if (certificate.status === 'expired') return notValidScreen(certificate, t().expired)
    return errorScreen(t().wrongFormat, { id, authCode })
  }
  if (status === 400) return errorScreen(t().wrongFormat, { id, authCode })
  if (status === 403) return errorScreen(t().notFound, { id, authCode })
  if (status === 410) return errorScreen(t().notOperational, undefined)
  if (status === 504) return errorScreen(t().temporarilyNotAvailable, { id, authCode, retry: true })
  return errorScreen(t().genericError, { id, authCode, retry: true })
}

function header(certificate: Certificate): string {
  const { title, subtitle, logo_id } = certificate.header_info
  return `<header class="certificate-header">
    <img src="/logo/${encodeURIComponent(logo_id)}.svg" alt="" width="48" height="48">
    <div><h1>${escape(title)}</h1>${subtitle.trim() ? `<p>${escape(subtitle)}</p>` : ''}</div></header>`
}

function validScreen(certificate: Certificate): void {
  const src = `data:image/png;base64,${certificate.qr_code?.content ?? ''}`
  show(
    `<article class="certificate" id="certificate">
      <div id="save-area">${header(certificate)}
      <button type="button" class="qr" id="qr-button" aria-label="${t().showQr}">
        <img id="qr" src="${src}" alt="QR code">
      </button>
      <div class="markdown info">${renderMarkdown(certificate.info ?? ' ')}</div></div>
      <div class="actions">
        ${certificate.detail ? `<a class="button" href="#/messages/${current?.messageId}/details">${t().details}</a>` : ''}
        <button type="button" class="primary" id="save">${t().save}</button>
      </div>
      <p class="hint">${t().saveText}</p>
      <p><a href="#/">${t().back}</a></p>
    </article>
    <dialog id="qr-full" aria-label="QR code">
      <img src="${src}" alt="QR code">
      <button type="button" id="qr-close" class="primary">${t().close}</button>
    </dialog>`,
    certificate.header_info.title,
  )
  const dialog = document.getElementById('qr-full') as HTMLDialogElement
  ;(document.getElementById('qr-button') as HTMLElement).addEventListener('click', () => dialog.showModal())
  ;(document.getElementById('qr-close') as HTMLElement).addEventListener('click', () => dialog.close())
  ;(document.getElementById('save') as HTMLElement).addEventListener('click', () => void saveCertificate(certificate))
}

function detailsScreen(id: string): void {
  // Details show what the last opening fetched; opened directly, the certificate is fetched (and unlocked) first.
  if (!current || current.messageId !== id || !current.certificate.detail) {
    location.hash = `#/messages/${id}`
    return
  }
  show(
    `<h1>${t().detailsTitle}</h1>
     <div class="markdown detail">${renderMarkdown(current.certificate.detail)}</div>
     <p><a class="button" href="#/messages/${id}">${t().back}</a></p>`,
    t().detailsTitle,
  )
}

function notValidScreen(certificate: Certificate, title: string): void {
  show(
    `${header(certificate)}
     <section class="not-valid">
       <p class="pictogram" aria-hidden="true">⚠</p>
       <h2>${title}</h2>
       <div class="markdown info">${renderMarkdown(certificate.info ?? ' ')}</div>
       <p><a class="button" href="${HELP_URL}" target="_blank" rel="noopener">${t().learnMore}</a></p>
       <p><a href="#/">${t().back}</a></p>
     </section>`,
    title,
  )
}

function errorScreen(text: string, details: { id: string; authCode: string; retry?: boolean } | undefined): void {
  const support =
    details && !details.retry
      ? `<dl class="support">
           <dt>${t().authCode}</dt><dd><code>${escape(details.authCode)}</code>
             <button type="button" class="copy" data-copy="${escape(details.authCode)}">${t().copy}</button></dd>
           <dt>${t().messageId}</dt><dd><code>${details.id}</code>
             <button type="button" class="copy" data-copy="${details.id}">${t().copy}</button></dd>
         </dl>
         <p><a class="button" href="${SUPPORT_URL}" target="_blank" rel="noopener">${t().support}</a></p>`
      : ''
  show(
    `<section class="error">
       <p class="pictogram" aria-hidden="true">!</p>
       <h1>${text}</h1>
       ${support}
       ${details?.retry ? `<p><button type="button" class="primary" id="retry">${t().retry}</button></p>` : ''}
       <p><a href="#/">${t().back}</a></p>
     </section>`,
    text,
  )
  document.getElementById('retry')?.addEventListener('click', () => void route())
}

/** Draws the header, the QR and its identifier on a white card and keeps it as a PNG (download + device store). */
async function saveCertificate(certificate: Certificate): Promise<void> {
  const qr = document.getElementById('qr') as HTMLImageElement
  await qr.decode()
  const size = Math.max(qr.naturalWidth * 2, 480)
  const canvas = document.createElement('canvas')
  canvas.width = size + 80
  canvas.height = size + 200
  const g = canvas.getContext('2d') as CanvasRenderingContext2D
  g.fillStyle = '#ffffff'
  g.fillRect(0, 0, canvas.width, canvas.height)
  g.fillStyle = '#17324d'
  g.font = 'bold 28px sans-serif'
  g.textAlign = 'center'
  g.fillText(certificate.header_info.title, canvas.width / 2, 60, canvas.width - 40)
  // Nearest-neighbour scaling keeps the modules sharp, so the saved QR scans like the original.
  g.imageSmoothingEnabled = false
  g.drawImage(qr, 40, 100, size, size)
  if (certificate.uvci) {
    g.font = '18px monospace'
    g.fillText(certificate.uvci, canvas.width / 2, size + 150, canvas.width - 40)
  }
  const png = await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no image'))), 'image/png'),
  )
  const title = certificate.header_info.title
  await saveImage({ id: current?.messageId ?? title, title, savedAt: new Date().toISOString(), png })
  const link = document.createElement('a')
  link.href = URL.createObjectURL(png)
  link.download = `${title}.png`
  document.body.append(link)
  link.click()
  link.remove()
  toast(t().saved)
}

async function savedScreen(notice?: string): Promise<void> {
  let images: SavedImage[]
  try {
    images = await savedImages()
  } catch {
    images = []
  }
  show(
    `<h1>${t().savedTitle}</h1>
     ${notice ? `<p role="alert">${notice}</p>` : ''}
     ${
       images.length
         ? `<ul class="saved">${images
             .map((i) => `<li><img class="saved-image" alt="${escape(i.title)}" data-id="${escape(i.id)}"></li>`)
             .join('')}</ul>`
         : `<p>${t().savedEmpty}</p>`
     }
     <p><a href="#/">${t().back}</a></p>`,
    t().savedTitle,
  )
  for (const image of images) {
    const img = main.querySelector(`img[data-id="${CSS.escape(image.id)}"]`) as HTMLImageElement | null
    if (img) img.src = URL.createObjectURL(image.png)
  }
}

document.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest('button.copy') as HTMLButtonElement | null
  if (!button?.dataset.copy) return
  void navigator.clipboard.writeText(button.dataset.copy).then(
    () => toast(t().copied),
    () => toast(button.dataset.copy ?? ''),
  )
})
;(document.getElementById('language') as HTMLSelectElement).addEventListener('change', (event) => {
  language = (event.target as HTMLSelectElement).value as Language
  localStorage.setItem('io-lang', language)
  void route()
})
window.addEventListener('hashchange', () => void route())
if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/sw.js').catch(() => undefined)
void route()
