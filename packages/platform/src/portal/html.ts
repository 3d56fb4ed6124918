/**
 * The portal's page frame: escaping, the layout every page shares (skip link, header, navigation, language switch,
 * footer) and form controls with their labels, hints and errors wired for screen readers. No inline script or style:
 * the pages pass a strict Content-Security-Policy.
 */
import { LANGUAGES, type Language } from './language.ts'
import { type PortalTexts, TEXTS } from './texts.ts'

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  )
}

/** HTML built by the templates: a branded string, so raw text cannot be passed where markup is expected. */
export type Html = string & { readonly __html: true }

/** Marks template output as HTML (every interpolated text must already be escaped). */
export function html(strings: TemplateStringsArray, ...values: (Html | Html[] | string | number)[]): Html {
  let out = strings[0] ?? ''
  values.forEach((value, index) => {
    out += (Array.isArray(value) ? value.join('') : String(value)) + (strings[index + 1] ?? '')
  })
  return out as Html
}

/** Escaped text as HTML. */
export function text(value: string): Html {
  return escapeHtml(value) as Html
}

/** What every page needs to know about the request. */
export interface PageContext {
  readonly language: Language
  /** The session's CSRF token, put in every form. */
  readonly csrf: string
  /** Logged in with SPID/CIE (the navigation then offers to log out). */
  readonly loggedIn: boolean
  /** The page's own path, where the language switch comes back to. */
  readonly path: string
}

const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { it: 'Italiano', en: 'English', de: 'Deutsch' }

/** The hidden CSRF field of a form. */
export function csrfField(context: PageContext): Html {
  return html`<input type="hidden" name="_csrf" value="${text(context.csrf)}" />`
}

/** A whole page. */
export function layout(context: PageContext, title: string, body: Html): Html {
  const t = TEXTS[context.language]
  const languageButtons = LANGUAGES.map(
    (language) =>
      html`<button
        type="submit"
        name="language"
        value="${language}"
        lang="${language}"
        ${language === context.language ? html` aria-current="true"` : html``}
      >
        ${text(LANGUAGE_NAMES[language])}
      </button>`,
  )
  const account = context.loggedIn
    ? html`<form method="post" action="/logout" class="inline">
        ${csrfField(context)}<button type="submit">${text(t.navLogout)}</button>
      </form>`
    : html`<a href="/login">${text(t.navLogin)}</a>`
  return html`<!doctype html>
    <html lang="${context.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${text(title)} — ${text(t.siteTitle)}</title>
        <link rel="stylesheet" href="/portal.css" />
      </head>
      <body>
        <a class="skip" href="#main">${text(t.skipToContent)}</a>
        <header>
          <p class="brand"><a href="/">${text(t.siteTitle)}</a></p>
          <nav aria-label="${text(t.siteTitle)}">
            <a href="/">${text(t.navHome)}</a> <a href="/info">${text(t.navInfo)}</a> ${account}
          </nav>
          <form method="post" action="/language" class="languages" aria-label="${text(t.languageLabel)}">
            ${csrfField(context)}
            <input type="hidden" name="back" value="${text(context.path)}" />
            <span>${text(t.languageLabel)}:</span> ${languageButtons}
          </form>
        </header>
        <main id="main">
          <h1>${text(title)}</h1>
          ${body}
        </main>
        <footer><p>${text(t.footer)}</p></footer>
      </body>
    </html> ` as Html
}

/** One form field: label, optional hint and error, described-by wiring. */
export interface FieldOptions {
  readonly name: string
  readonly label: string
  readonly type?: 'text' | 'date'
  readonly value?: string
  readonly hint?: string
  readonly error?: string
  readonly autocomplete?: string
  readonly inputmode?: 'numeric' | 'text'
  readonly maxlength?: number
  readonly pattern?: string
}

export function field(options: FieldOptions): Html {
  const id = `field-${options.name}`
  const described = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : ''].filter(Boolean).join(' ')
  const attributes = [
    `type="${options.type ?? 'text'}"`,
    `id="${id}"`,
    `name="${escapeHtml(options.name)}"`,
    'required',
    `autocomplete="${options.autocomplete ?? 'off'}"`,
    options.value ? `value="${escapeHtml(options.value)}"` : '',
    options.inputmode ? `inputmode="${options.inputmode}"` : '',
    options.maxlength ? `maxlength="${options.maxlength}"` : '',
    options.pattern ? `pattern="${escapeHtml(options.pattern)}"` : '',
    described ? `aria-describedby="${described}"` : '',
    options.error ? 'aria-invalid="true"' : '',
  ].filter(Boolean)
  return html`<div class="field">
    <label for="${id}">${text(options.label)}</label>
    ${options.hint ? html`<p class="hint" id="${id}-hint">${text(options.hint)}</p>` : html``}
    ${options.error ? html`<p class="error" id="${id}-error">${text(options.error)}</p>` : html``}
    <input ${attributes.join(' ')} />
  </div>`
}

/** A select among `options` (value → label). */
export function select(
  name: string,
  label: string,
  options: readonly (readonly [string, string])[],
  selected: string | undefined,
  error?: string,
): Html {
  const id = `field-${name}`
  return html`<div class="field">
    <label for="${id}">${text(label)}</label>
    ${error ? html`<p class="error" id="${id}-error">${text(error)}</p>` : html``}
    <select
      id="${id}"
      name="${text(name)}"
      required${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : html``}
    >
      ${options.map(
        ([value, caption]) =>
          html`<option value="${text(value)}" ${value === selected ? html` selected` : html``}>
            ${text(caption)}
          </option>`,
      )}
    </select>
  </div>`
}

/** An alert box (refusals, form errors). */
export function alert(message: string): Html {
  return html`<div class="alert" role="alert"><p>${text(message)}</p></div>`
}

/** The texts of a page's language. */
export function textsOf(context: PageContext): PortalTexts {
  return TEXTS[context.language]
}

/** The portal's stylesheet (served at `/portal.css`: the CSP allows no inline style). */
export const PORTAL_CSS = `
*{box-sizing:border-box}
body{font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#17324d;background:#fff}
header,main,footer{max-width:52rem;margin:0 auto;padding:0 1rem}
header{border-bottom:4px solid #0066cc;padding-bottom:.5rem}
.brand{font-weight:700;font-size:1.2rem;margin:.75rem 0 .25rem}
a{color:#0059b3}
a:focus,button:focus,input:focus,select:focus{outline:3px solid #ff9900;outline-offset:2px}
nav a{margin-right:1rem}
.inline{display:inline}
.languages{margin:.5rem 0 0;font-size:.9rem}
.languages button[aria-current]{font-weight:700;text-decoration:underline}
button,.button{font:inherit;background:#0066cc;color:#fff;border:0;border-radius:4px;padding:.45rem 1rem;cursor:pointer;text-decoration:none;display:inline-block}
.languages button,nav button{background:#e8f0f8;color:#17324d;padding:.2rem .6rem}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
h1{font-size:1.7rem;line-height:1.25}
.field{margin:1rem 0}
label{display:block;font-weight:600}
.hint{margin:.1rem 0;color:#455b71;font-size:.92rem}
.error{margin:.1rem 0;color:#b00020;font-weight:600}
input,select{font:inherit;padding:.4rem;border:1px solid #5c6f82;border-radius:4px;min-width:16rem}
.alert{border-left:5px solid #b00020;background:#fdecee;padding:.25rem 1rem;margin:1rem 0}
.notice{border-left:5px solid #0066cc;background:#eef5fc;padding:.25rem 1rem;margin:1rem 0}
.cards{list-style:none;padding:0}
.cards li{border:1px solid #c5d0da;border-radius:6px;padding:.75rem 1rem;margin:1rem 0}
dl{display:grid;grid-template-columns:minmax(10rem,16rem) 1fr;gap:.25rem 1rem}
dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}
.qr img{width:min(100%,22rem);height:auto;image-rendering:pixelated;border:1px solid #c5d0da}
.mark{display:inline-block;border-radius:3px;padding:0 .4rem;font-size:.85rem;font-weight:700;background:#e8f0f8}
.mark.revoked{background:#fdecee;color:#8a0015}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{border:1px solid #c5d0da;padding:.3rem .5rem;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:700;padding:.5rem 0}
footer{margin-top:3rem;border-top:1px solid #c5d0da;color:#455b71;font-size:.9rem}
`
