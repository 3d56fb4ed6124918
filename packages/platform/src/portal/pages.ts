/**
 * The portal's pages, as functions of the request context and what the handler found. Server-rendered HTML with
 * plain forms: every flow works with the keyboard and without JavaScript.
 */
import { CERTIFICATE_REQUIREMENTS } from '@greenpass/rules'
import { CodeType } from '../domain/index.ts'
import type { CertificateField } from './certificate-fields.ts'
import type { EventKind } from './certificate-facts.ts'
import { alert, csrfField, field, type Html, html, layout, type PageContext, select, text, textsOf } from './html.ts'
import { formatDate } from './language.ts'
import { format } from './texts.ts'

/** Values typed in a form and the fields found invalid, to show the form again. */
export interface FormState {
  readonly values: Readonly<Record<string, string>>
  readonly invalid: ReadonlySet<string>
  /** The combination was refused (the same message whatever was wrong). */
  readonly refused?: boolean
}

const EMPTY_FORM: FormState = { values: {}, invalid: new Set() }

export function homePage(context: PageContext): Html {
  const t = textsOf(context)
  const card = (href: string, title: string, body: string) =>
    html`<li>
      <h2><a href="${href}">${text(title)}</a></h2>
      <p>${text(body)}</p>
    </li>`
  return layout(
    context,
    t.homeTitle,
    html`<p>${text(t.homeIntro)}</p>
      <ul class="cards">
        ${card('/retrieve', t.homeWithCard, t.homeWithCardText)} ${card('/login', t.homeLogin, t.homeLoginText)}
        ${card('/no-card', t.homeWithoutCard, t.homeWithoutCardText)}
        ${card('/lost-code', t.homeLostCode, t.homeLostCodeText)}
      </ul>
      <p><a href="/info">${text(t.infoTitle)}</a></p>`,
  )
}

function formErrors(context: PageContext, form: FormState): Html {
  const t = textsOf(context)
  if (form.refused) return alert(t.refused)
  if (form.invalid.size > 0) return alert(t.formHasErrors)
  return html``
}

export function retrievePage(context: PageContext, form: FormState = EMPTY_FORM): Html {
  const t = textsOf(context)
  const error = (name: string) => (form.invalid.has(name) ? t.fieldInvalid : undefined)
  const codeTypes = Object.values(CodeType).map((type) => [type, t[`codeType${type}`]] as const)
  return layout(
    context,
    t.retrieveTitle,
    html`<p>${text(t.retrieveIntro)}</p>
      ${formErrors(context, form)}
      <form method="post" action="/retrieve" novalidate>
        ${csrfField(context)}
        ${field({ name: 'cardDigits', label: t.cardDigitsLabel, hint: t.cardDigitsHint, value: form.values.cardDigits, error: error('cardDigits'), inputmode: 'numeric', maxlength: 8, pattern: '[0-9]{8}' })}
        ${field({ name: 'cardExpiry', label: t.cardExpiryLabel, type: 'date', value: form.values.cardExpiry, error: error('cardExpiry') })}
        ${select('codeType', t.codeTypeLabel, codeTypes, form.values.codeType, error('codeType'))}
        ${field({ name: 'code', label: t.codeLabel, value: form.values.code, error: error('code'), maxlength: 40 })}
        <button type="submit">${text(t.retrieveSubmit)}</button>
      </form>`,
  )
}

export function noCardPage(context: PageContext, form: FormState = EMPTY_FORM): Html {
  const t = textsOf(context)
  const error = (name: string) => (form.invalid.has(name) ? t.fieldInvalid : undefined)
  return layout(
    context,
    t.noCardTitle,
    html`<p>${text(t.noCardIntro)}</p>
      ${formErrors(context, form)}
      <form method="post" action="/no-card" novalidate>
        ${csrfField(context)}
        ${field({ name: 'identifier', label: t.fiscalCodeOrIdLabel, value: form.values.identifier, error: error('identifier'), maxlength: 32 })}
        ${field({ name: 'doseDate', label: t.lastDoseLabel, type: 'date', value: form.values.doseDate, error: error('doseDate') })}
        <button type="submit">${text(t.noCardSubmit)}</button>
      </form>`,
  )
}

export function lostCodePage(context: PageContext, form: FormState = EMPTY_FORM): Html {
  const t = textsOf(context)
  const error = (name: string) => (form.invalid.has(name) ? t.fieldInvalid : undefined)
  const kinds: [EventKind, string][] = [
    ['vaccination', t.eventVaccination],
    ['test', t.eventTest],
    ['recovery', t.eventRecovery],
  ]
  return layout(
    context,
    t.lostTitle,
    html`<p>${text(t.lostIntro)}</p>
      ${formErrors(context, form)}
      <form method="post" action="/lost-code" novalidate>
        ${csrfField(context)}
        ${field({ name: 'fiscalCode', label: t.fiscalCodeLabel, value: form.values.fiscalCode, error: error('fiscalCode'), maxlength: 16 })}
        ${field({ name: 'cardDigits', label: t.cardDigitsLabel, hint: t.cardDigitsHint, value: form.values.cardDigits, error: error('cardDigits'), inputmode: 'numeric', maxlength: 8, pattern: '[0-9]{8}' })}
        ${select('eventKind', t.eventTypeLabel, kinds, form.values.eventKind, error('eventKind'))}
        ${field({ name: 'eventDate', label: t.eventDateLabel, hint: t.eventDateHint, type: 'date', value: form.values.eventDate, error: error('eventDate') })}
        <button type="submit">${text(t.lostSubmit)}</button>
      </form>`,
  )
}

export function lostCodeDonePage(
  context: PageContext,
  recovered: { codeType: string; code: string; notified: number },
): Html {
  const t = textsOf(context)
  return layout(
    context,
    t.lostDoneTitle,
    html`<div class="notice">
        <p>
          ${text(format(t.lostDoneCode, { codeType: recovered.codeType }))}
          <strong id="new-code">${text(recovered.code)}</strong>
        </p>
      </div>
      ${recovered.notified > 0 ? html`<p>${text(t.lostDoneSent)}</p>` : html``}
      <p>${text(t.lostDoneOld)}</p>
      <p><a class="button" href="/retrieve">${text(t.lostDoneRetrieve)}</a></p>`,
  )
}

/** What the certificate page shows of one certificate. */
export interface CertificateView {
  readonly kindTitle: string
  readonly fields: readonly CertificateField[]
  readonly validity: readonly string[]
  readonly statusNow: string
  readonly qrPngBase64: string
  readonly revoked: boolean
  readonly superseded: boolean
  /** Opened from the SPID/CIE list: offer the way back. */
  readonly fromList: boolean
}

export function certificatePage(context: PageContext, view: CertificateView): Html {
  const t = textsOf(context)
  const data = html`<h2>${text(t.dataTitle)}</h2>
    <dl>
      ${view.fields.map(
        (row) =>
          html`<dt>${text(row.label)}</dt>
            <dd>${text(row.value)}</dd>`,
      )}
    </dl>`
  const back = view.fromList ? html`<p><a href="/certificates">${text(t.backToList)}</a></p>` : html``
  if (view.revoked) {
    return layout(context, view.kindTitle, html`${alert(t.revokedNotice)}${data}${back}`)
  }
  return layout(
    context,
    view.kindTitle,
    html`${view.superseded ? html`<div class="notice"><p>${text(t.supersededNotice)}</p></div>` : html``}
      <div class="qr"><img src="data:image/png;base64,${view.qrPngBase64}" alt="${text(t.qrAlt)}" /></div>
      <h2>${text(t.downloadTitle)}</h2>
      <p>${text(t.downloadNote)}</p>
      <p>
        <a class="button" href="/certificate.pdf" download>${text(t.downloadPdf)}</a>
        <a class="button" href="/certificate.png" download>${text(t.downloadPng)}</a>
      </p>
      <h2>${text(t.validityTitle)}</h2>
      ${view.validity.map((sentence) => html`<p>${text(sentence)}</p>`)}
      <p>${text(view.statusNow)}</p>
      <p>${text(t.validityMeaning)} <a href="/info">${text(t.navInfo)}</a></p>
      ${data} ${back}`,
  )
}

/** One certificate in the SPID/CIE list. */
export interface ListedCertificate {
  readonly uvci: string
  readonly kindTitle: string
  readonly summary: string
  readonly issuedOn: string
  readonly revoked: boolean
  readonly superseded: boolean
}

export function certificatesPage(
  context: PageContext,
  holder: string,
  certificates: readonly ListedCertificate[],
): Html {
  const t = textsOf(context)
  if (certificates.length === 0) {
    return layout(context, t.listTitle, html`<p>${text(t.listEmpty)}</p>`)
  }
  const mark = (item: ListedCertificate) =>
    item.revoked
      ? html`<span class="mark revoked">${text(t.markRevoked)}</span>`
      : item.superseded
        ? html`<span class="mark">${text(t.markSuperseded)}</span>`
        : html`<span class="mark">${text(t.markCurrent)}</span>`
  const items = certificates.map(
    (item, index) =>
      html`<li data-certificate="${index}">
        <h2>${text(item.kindTitle)} ${mark(item)}</h2>
        <p>${text(item.summary)} — ${text(format(t.listIssued, { date: item.issuedOn }))}</p>
        <form method="post" action="/certificate/select">
          ${csrfField(context)}
          <input type="hidden" name="certificate" value="${text(item.uvci)}" />
          <button type="submit">${text(t.listOpen)}</button>
          ${
            item.revoked
              ? html``
              : html`<button type="submit" formaction="/certificate.pdf">${text(t.downloadPdf)}</button>
                  <button type="submit" formaction="/certificate.png">${text(t.downloadPng)}</button>`
          }
        </form>
      </li>`,
  )
  return layout(
    context,
    t.listTitle,
    html`<p>${text(format(t.listIntro, { name: holder }))}</p>
      <ul class="cards">
        ${items}
      </ul>`,
  )
}

export function infoPage(context: PageContext): Html {
  const t = textsOf(context)
  const language = context.language
  const rows = CERTIFICATE_REQUIREMENTS.map(
    (rule) =>
      html`<tr>
        <td>${text(t[`category${rule.category}`])}</td>
        <td>
          ${text(rule.activity[language])}${rule.note ? html`<br /><small>${text(rule.note[language])}</small>` : html``}
        </td>
        <td>${text(t[`level${rule.level}`])}</td>
        <td>${text(formatDate(rule.from, language))}</td>
        <td>${text(rule.until === null ? t.infoTableOpen : formatDate(rule.until, language))}</td>
        <td>${text(rule.legalBasis)}</td>
      </tr>`,
  )
  return layout(
    context,
    t.infoTitle,
    html`<h2>${text(t.infoWhoTitle)}</h2>
      <p>${text(t.infoWho)}</p>
      <h2>${text(t.infoTestsTitle)}</h2>
      <p>${text(t.infoTests)}</p>
      <h2>${text(t.infoValidityTitle)}</h2>
      <ul>
        <li>${text(t.infoValidityVaccination)}</li>
        <li>${text(t.infoValidityRecovery)}</li>
        <li>${text(t.infoValidityTest)}</li>
      </ul>
      <h2>${text(t.infoLevelsTitle)}</h2>
      <p>${text(t.infoLevels)}</p>
      <h2>${text(t.infoTableTitle)}</h2>
      <p>${text(t.infoTableIntro)}</p>
      <table id="requirements">
        <caption>
          ${text(t.infoTableTitle)}
        </caption>
        <thead>
          <tr>
            <th scope="col">${text(t.infoTableCategory)}</th>
            <th scope="col">${text(t.infoTableActivity)}</th>
            <th scope="col">${text(t.infoTableLevel)}</th>
            <th scope="col">${text(t.infoTableFrom)}</th>
            <th scope="col">${text(t.infoTableUntil)}</th>
            <th scope="col">${text(t.infoTableBasis)}</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>`,
  )
}

/** A page with a title and one message (errors, refusals, lock-outs). */
export function messagePage(context: PageContext, title: string, message: string): Html {
  const t = textsOf(context)
  return layout(
    context,
    title,
    html`${alert(message)}
      <p><a href="/">${text(t.backHome)}</a></p>`,
  )
}
