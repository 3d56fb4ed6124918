/**
 * The citizen portal (dgc.gov.it, issue 5), mounted at `/`: retrieval with the tessera sanitaria and a code, without a
 * card (fiscal code + last dose), lost-code recovery, SPID/CIE login listing every certificate, the certificate page
 * with its PDF and PNG, and the information page.
 *
 * What the browser holds: a sealed session cookie (CSRF token, what it may open, which certificate is selected), a
 * sealed login-state cookie during SPID/CIE, and the language. No code, UVCI or fiscal code ever travels in a URL.
 * Security headers (CSP, frame-ancestors none, nosniff, no referrer), the form parser and the cookie parser are
 * registered inside this plugin, so they apply to the portal's pages only.
 */
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import { randomBytes } from 'node:crypto'
import { renderQrPng } from '@greenpass/hcert'
import { parseSettings } from '@greenpass/rules'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import {
  type Certificate,
  type Database,
  findCertificateByUvci,
  findCertificatesByFiscalCode,
  getAllSettings,
} from '../../db/index.ts'
import { CodeType, constantTimeEqual, type RandomSource } from '../../domain/index.ts'
import type { KeyStore } from '../../keys/index.ts'
import type { AttemptLimits, SubjectKind } from '../../portal/attempt-policy.ts'
import { type AttemptSubject, createAttemptGuard } from '../../portal/attempt-guard.ts'
import { dccOf, eventDayOf, newestFirst } from '../../portal/certificate-facts.ts'
import { certificateFields, certificateKindTitle } from '../../portal/certificate-fields.ts'
import { certificatePdf } from '../../portal/certificate-pdf.ts'
import { PORTAL_CSS, type Html, type PageContext } from '../../portal/html.ts'
import {
  DEFAULT_LANGUAGE,
  formatDate,
  formatInstant,
  type Language,
  parseLanguage,
  romeDate,
} from '../../portal/language.ts'
import {
  certificatePage,
  certificatesPage,
  homePage,
  infoPage,
  lostCodeDonePage,
  lostCodePage,
  messagePage,
  noCardPage,
  retrievePage,
} from '../../portal/pages.ts'
import { recoverCode } from '../../portal/recover-code.ts'
import { retrieveByCard } from '../../portal/retrieve-by-card.ts'
import { retrieveByLastDose } from '../../portal/retrieve-by-last-dose.ts'
import { createSealer } from '../../portal/sealed-value.ts'
import { format, type PortalTexts, TEXTS } from '../../portal/texts.ts'
import { certificateValidity, type ValidityWindow } from '../../portal/validity.ts'
import { LoginError, type OidcSettings, type PendingLogin, relyingParty } from './oidc.ts'

export interface PortalServices {
  readonly db: Kysely<Database>
  readonly keys: KeyStore
  readonly codePepper: string
  readonly random: RandomSource
  readonly now: () => Date
  /** The portal's public URL, as the notifications print it. */
  readonly portalUrl: string
  readonly emailFrom: string
  /** Seals the cookies (at least 16 characters; the same on every node). */
  readonly sessionSecret: string
  /** `Secure` cookies and HSTS: true everywhere but plain-http loopback development. */
  readonly secureCookies: boolean
  /** The SPID/CIE provider, read at each login (the embedded one is started after the portal knows its own URL). */
  readonly oidc?: () => OidcSettings | undefined
  readonly attemptLimits?: Readonly<Record<SubjectKind, AttemptLimits>>
}

type Grant =
  | { readonly kind: 'code'; readonly uvci: string }
  | { readonly kind: 'login'; readonly fiscalCode: string; readonly name: string }

interface Session {
  readonly csrf: string
  readonly grant?: Grant
  /** The certificate the certificate page and the downloads show. */
  readonly selected?: string
}

const SESSION_COOKIE = 'gp_session'
const LOGIN_COOKIE = 'gp_login'
const LANGUAGE_COOKIE = 'gp_lang'
const SESSION_MS = 15 * 60_000
const LOGIN_MS = 10 * 60_000
const RETURN_PATHS = new Set(['/', '/retrieve', '/no-card', '/lost-code', '/info', '/certificate', '/certificates'])
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/

const formBody = (fields: readonly string[], required: readonly string[] = fields) => ({
  type: 'object',
  required: ['_csrf', ...required],
  properties: Object.fromEntries(['_csrf', ...fields].map((name) => [name, { type: 'string', maxLength: 200 }])),
})

/** The portal plugin. */
export function portalRoutes(services: PortalServices): FastifyPluginAsync {
  return async (app) => {
    const sessions = createSealer(services.sessionSecret, 'portal-session')
    const logins = createSealer(services.sessionSecret, 'portal-login')
    const guard = createAttemptGuard(services.db, services.codePepper, services.attemptLimits)
    let party: { settings: OidcSettings; rp: ReturnType<typeof relyingParty> } | undefined
    const relying = () => {
      const settings = services.oidc?.()
      if (settings === undefined) return undefined
      if (party?.settings !== settings) party = { settings, rp: relyingParty(settings) }
      return party.rp
    }

    await app.register(cookie)
    await app.register(formbody, { bodyLimit: 8_192 })
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'"],
          scriptSrc: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(services.secureCookies ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
      strictTransportSecurity: services.secureCookies,
      crossOriginEmbedderPolicy: false,
    })
    app.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store')
    })

    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: services.secureCookies }
    const now = () => services.now().getTime()

    const readSession = (request: FastifyRequest): Session | undefined => {
      const value = sessions.open(request.cookies[SESSION_COOKIE], now()) as Session | undefined
      return value && typeof value.csrf === 'string' ? value : undefined
    }
    const writeSession = (reply: FastifyReply, session: Session) => {
      reply.setCookie(SESSION_COOKIE, sessions.seal(session, now() + SESSION_MS), cookieOptions)
    }
    const newCsrf = () => randomBytes(24).toString('base64url')
    const languageOf = (request: FastifyRequest): Language =>
      parseLanguage(request.cookies[LANGUAGE_COOKIE]) ??
      parseLanguage(/^\s*([a-z]{2})/i.exec(request.headers['accept-language'] ?? '')?.[1]?.toLowerCase()) ??
      DEFAULT_LANGUAGE

    /** Loads (or starts) the session, refreshes its cookie, and gives the page context. */
    const begin = (request: FastifyRequest, reply: FastifyReply, path: string) => {
      const session = readSession(request) ?? { csrf: newCsrf() }
      writeSession(reply, session)
      const context: PageContext = {
        language: languageOf(request),
        csrf: session.csrf,
        loggedIn: session.grant?.kind === 'login',
        path,
      }
      return { session, context, t: TEXTS[context.language] }
    }
    const send = (reply: FastifyReply, page: Html, status = 200) =>
      reply.code(status).type('text/html; charset=utf-8').send(page)

    /** The session of a POST whose CSRF token matches, or undefined (the caller answers 403). */
    const postedSession = (request: FastifyRequest): Session | undefined => {
      const session = readSession(request)
      const token = (request.body as { _csrf?: unknown } | undefined)?._csrf
      return session && typeof token === 'string' && constantTimeEqual(token, session.csrf) ? session : undefined
    }
    const refuseCsrf = (request: FastifyRequest, reply: FastifyReply) => {
      const { context, t } = begin(request, reply, '/')
      return send(reply, messagePage(context, t.csrfTitle, t.csrfText), 403)
    }
    const tooMany = (reply: FastifyReply, context: PageContext, t: PortalTexts, retryAt: number) => {
      reply.header('retry-after', String(Math.max(1, Math.ceil((retryAt - now()) / 1000))))
      const time = formatInstant(new Date(retryAt), context.language)
      return send(reply, messagePage(context, t.tooManyTitle, format(t.tooManyText, { time })), 429)
    }
    /** Runs a guarded attempt: refused while any subject is rate-limited or locked out, counted afterwards. */
    const attempt = async <T>(subjects: AttemptSubject[], run: () => Promise<T | undefined>) => {
      const verdict = await guard.check(subjects, now())
      if (!verdict.allowed) return { blocked: true, retryAt: verdict.retryAt } as const
      const result = await run()
      await guard.record(subjects, now(), result !== undefined)
      return { blocked: false, result } as const
    }

    // Errors of the portal's own routes come back as pages, with the stable code in the text.
    app.setErrorHandler((error: { statusCode?: number; validation?: unknown; code?: string }, request, reply) => {
      const { context, t } = begin(request, reply, '/')
      if (error.validation || (error.statusCode !== undefined && error.statusCode < 500)) {
        const code = error.validation ? 'REQUEST_INVALID' : (error.code ?? 'REQUEST_REFUSED')
        return send(reply, messagePage(context, t.badRequestTitle, format(t.badRequestText, { code })), 400)
      }
      request.log.error({ err: error }, 'portal error')
      return send(reply, messagePage(context, t.badRequestTitle, format(t.badRequestText, { code: 'INTERNAL' })), 500)
    })

    const page = { schema: { hide: true } }

    app.get('/portal.css', page, async (_request, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(PORTAL_CSS),
    )
    app.get('/', page, async (request, reply) => send(reply, homePage(begin(request, reply, '/').context)))
    app.get('/info', page, async (request, reply) => send(reply, infoPage(begin(request, reply, '/info').context)))
    app.get('/retrieve', page, async (request, reply) =>
      send(reply, retrievePage(begin(request, reply, '/retrieve').context)),
    )
    app.get('/no-card', page, async (request, reply) =>
      send(reply, noCardPage(begin(request, reply, '/no-card').context)),
    )
    app.get('/lost-code', page, async (request, reply) =>
      send(reply, lostCodePage(begin(request, reply, '/lost-code').context)),
    )

    app.post(
      '/language',
      { schema: { hide: true, body: formBody(['language', 'back'], ['language']) } },
      async (request, reply) => {
        if (!postedSession(request)) return refuseCsrf(request, reply)
        const body = request.body as { language: string; back?: string }
        const language = parseLanguage(body.language)
        if (language) reply.setCookie(LANGUAGE_COOKIE, language, { ...cookieOptions, maxAge: 365 * 86_400 })
        const back = body.back !== undefined && RETURN_PATHS.has(body.back) ? body.back : '/'
        return reply.redirect(back, 303)
      },
    )

    app.post(
      '/retrieve',
      { schema: { hide: true, body: formBody(['cardDigits', 'cardExpiry', 'codeType', 'code']) } },
      async (request, reply) => {
        const session = postedSession(request)
        if (!session) return refuseCsrf(request, reply)
        const { context, t } = begin(request, reply, '/retrieve')
        const body = request.body as Record<'cardDigits' | 'cardExpiry' | 'codeType' | 'code', string>
        const cardDigits = body.cardDigits.replace(/\s/g, '')
        const code = body.code.trim()
        const invalid = new Set<string>()
        if (!/^\d{8}$/.test(cardDigits)) invalid.add('cardDigits')
        if (!DAY_PATTERN.test(body.cardExpiry)) invalid.add('cardExpiry')
        if (!(Object.values(CodeType) as string[]).includes(body.codeType)) invalid.add('codeType')
        if (code === '' || code.length > 40) invalid.add('code')
        const values = { cardDigits, cardExpiry: body.cardExpiry, codeType: body.codeType, code: '' }
        if (invalid.size > 0) return send(reply, retrievePage(context, { values, invalid }), 400)
        const outcome = await attempt(
          [
            { kind: 'ip', value: request.ip },
            { kind: 'card', value: cardDigits },
          ],
          () =>
            retrieveByCard(services.db, services.codePepper, {
              cardDigits,
              cardExpiry: body.cardExpiry,
              codeType: body.codeType,
              code,
            }),
        )
        if (outcome.blocked) return tooMany(reply, context, t, outcome.retryAt)
        if (outcome.result === undefined) {
          return send(reply, retrievePage(context, { values, invalid, refused: true }), 403)
        }
        const uvci = outcome.result.uvci
        writeSession(reply, { csrf: newCsrf(), grant: { kind: 'code', uvci }, selected: uvci })
        return reply.redirect('/certificate', 303)
      },
    )

    app.post(
      '/no-card',
      { schema: { hide: true, body: formBody(['identifier', 'doseDate']) } },
      async (request, reply) => {
        const session = postedSession(request)
        if (!session) return refuseCsrf(request, reply)
        const { context, t } = begin(request, reply, '/no-card')
        const body = request.body as Record<'identifier' | 'doseDate', string>
        const identifier = body.identifier.trim().toUpperCase()
        const invalid = new Set<string>()
        if (!/^[A-Z0-9]{8,32}$/.test(identifier)) invalid.add('identifier')
        if (!DAY_PATTERN.test(body.doseDate)) invalid.add('doseDate')
        const values = { identifier, doseDate: body.doseDate }
        if (invalid.size > 0) return send(reply, noCardPage(context, { values, invalid }), 400)
        const outcome = await attempt(
          [
            { kind: 'ip', value: request.ip },
            { kind: 'fiscal', value: identifier },
          ],
          () => retrieveByLastDose(services.db, { identifier, doseDate: body.doseDate }),
        )
        if (outcome.blocked) return tooMany(reply, context, t, outcome.retryAt)
        if (outcome.result === undefined)
          return send(reply, noCardPage(context, { values, invalid, refused: true }), 403)
        const uvci = outcome.result.uvci
        writeSession(reply, { csrf: newCsrf(), grant: { kind: 'code', uvci }, selected: uvci })
        return reply.redirect('/certificate', 303)
      },
    )

    app.post(
      '/lost-code',
      { schema: { hide: true, body: formBody(['fiscalCode', 'cardDigits', 'eventKind', 'eventDate']) } },
      async (request, reply) => {
        const session = postedSession(request)
        if (!session) return refuseCsrf(request, reply)
        const { context, t } = begin(request, reply, '/lost-code')
        const body = request.body as Record<'fiscalCode' | 'cardDigits' | 'eventKind' | 'eventDate', string>
        const fiscalCode = body.fiscalCode.trim().toUpperCase()
        const cardDigits = body.cardDigits.replace(/\s/g, '')
        const invalid = new Set<string>()
        if (!/^[A-Z0-9]{16}$/.test(fiscalCode)) invalid.add('fiscalCode')
        if (!/^\d{8}$/.test(cardDigits)) invalid.add('cardDigits')
        if (!['vaccination', 'test', 'recovery'].includes(body.eventKind)) invalid.add('eventKind')
        if (!DAY_PATTERN.test(body.eventDate)) invalid.add('eventDate')
        const values = { fiscalCode, cardDigits, eventKind: body.eventKind, eventDate: body.eventDate }
        if (invalid.size > 0) return send(reply, lostCodePage(context, { values, invalid }), 400)
        const outcome = await attempt(
          [
            { kind: 'ip', value: request.ip },
            { kind: 'card', value: cardDigits },
            { kind: 'fiscal', value: fiscalCode },
          ],
          () =>
            recoverCode(
              services,
              {
                fiscalCode,
                cardDigits,
                eventKind: body.eventKind as 'vaccination' | 'test' | 'recovery',
                eventDate: body.eventDate,
              },
              services.now(),
            ),
        )
        if (outcome.blocked) return tooMany(reply, context, t, outcome.retryAt)
        const recovered = outcome.result
        if (recovered === undefined) return send(reply, lostCodePage(context, { values, invalid, refused: true }), 403)
        return send(reply, lostCodeDonePage(context, recovered))
      },
    )

    /** A certificate the session may open, or undefined. */
    const permitted = async (session: Session, uvci: string | undefined): Promise<Certificate | undefined> => {
      if (uvci === undefined || session.grant === undefined) return undefined
      const grant = session.grant
      if (grant.kind === 'code' && grant.uvci !== uvci) return undefined
      const certificate = await findCertificateByUvci(services.db, uvci)
      if (certificate === undefined) return undefined
      if (grant.kind === 'login' && certificate.fiscalCode !== grant.fiscalCode) return undefined
      return certificate
    }
    const sessionExpired = (reply: FastifyReply, context: PageContext, t: PortalTexts) =>
      send(reply, messagePage(context, t.sessionTitle, t.sessionText), 401)

    app.get('/certificate', page, async (request, reply) => {
      const { session, context, t } = begin(request, reply, '/certificate')
      const certificate = await permitted(session, session.selected)
      if (!certificate) return sessionExpired(reply, context, t)
      const dcc = dccOf(certificate)
      const { sentences, statusNow } = await validityOf(certificate, context.language)
      return send(
        reply,
        certificatePage(context, {
          kindTitle: certificateKindTitle(dcc, context.language),
          fields: certificateFields(dcc, context.language),
          validity: sentences,
          statusNow,
          qrPngBase64: Buffer.from(renderQrPng(certificate.hc1, { ecc: 'Q', scale: 4 })).toString('base64'),
          revoked: certificate.revokedAt !== null,
          superseded: certificate.supersededBy !== null,
          fromList: session.grant?.kind === 'login',
        }),
      )
    })

    app.post(
      '/certificate/select',
      { schema: { hide: true, body: formBody(['certificate']) } },
      async (request, reply) => {
        const session = postedSession(request)
        if (!session) return refuseCsrf(request, reply)
        const uvci = (request.body as { certificate: string }).certificate
        const certificate = await permitted(session, uvci)
        if (!certificate) {
          const { context, t } = begin(request, reply, '/')
          return sessionExpired(reply, context, t)
        }
        writeSession(reply, { ...session, selected: certificate.uvci })
        return reply.redirect('/certificate', 303)
      },
    )

    /** Sends the PDF or the PNG of a certificate the session may open (the selected one, or one posted from the list). */
    const download = async (request: FastifyRequest, reply: FastifyReply, kind: 'pdf' | 'png', uvci?: string) => {
      const { session, context, t } = begin(request, reply, '/certificate')
      const certificate = await permitted(session, uvci ?? session.selected)
      if (!certificate || certificate.revokedAt !== null) return sessionExpired(reply, context, t)
      if (kind === 'png') {
        const png = renderQrPng(certificate.hc1, { ecc: 'Q', scale: 6, margin: 4 })
        return reply
          .type('image/png')
          .header('content-disposition', 'attachment; filename="certificazione-verde-qr.png"')
          .send(Buffer.from(png))
      }
      const { sentences } = await validityOf(certificate, context.language)
      const pdf = await certificatePdf({
        hc1: certificate.hc1,
        dcc: dccOf(certificate),
        language: context.language,
        validity: sentences,
        at: services.now(),
      })
      return reply
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="certificazione-verde.pdf"')
        .send(Buffer.from(pdf))
    }
    for (const kind of ['pdf', 'png'] as const) {
      app.get(`/certificate.${kind}`, page, (request, reply) => download(request, reply, kind))
      app.post(
        `/certificate.${kind}`,
        { schema: { hide: true, body: formBody(['certificate']) } },
        async (request, reply) => {
          if (!postedSession(request)) return refuseCsrf(request, reply)
          return download(request, reply, kind, (request.body as { certificate: string }).certificate)
        },
      )
    }

    app.get('/certificates', page, async (request, reply) => {
      const { session, context } = begin(request, reply, '/certificates')
      const grant = session.grant
      if (grant?.kind !== 'login') return reply.redirect('/login', 303)
      const certificates = (await findCertificatesByFiscalCode(services.db, grant.fiscalCode)).sort(newestFirst)
      return send(
        reply,
        certificatesPage(
          context,
          grant.name,
          certificates.map((certificate) => {
            const dcc = dccOf(certificate)
            const day = eventDayOf(dcc)
            const dose = dcc.v?.[0]
            return {
              uvci: certificate.uvci,
              kindTitle: certificateKindTitle(dcc, context.language),
              summary: [dose ? `${dose.dn}/${dose.sd}` : '', day ? formatDate(day, context.language) : '']
                .filter(Boolean)
                .join(' · '),
              issuedOn: formatDate(romeDate(new Date(certificate.issuedAt)), context.language),
              revoked: certificate.revokedAt !== null,
              superseded: certificate.supersededBy !== null,
            }
          }),
        ),
      )
    })

    app.get('/login', page, async (request, reply) => {
      const { context, t } = begin(request, reply, '/')
      const rp = relying()
      if (!rp) return send(reply, messagePage(context, t.loginFailedTitle, t.loginUnavailable), 503)
      try {
        const { url, pending } = await rp.start()
        reply.setCookie(LOGIN_COOKIE, logins.seal(pending, now() + LOGIN_MS), cookieOptions)
        return reply.redirect(url.href, 303)
      } catch (error) {
        request.log.warn({ code: error instanceof LoginError ? error.code : 'OIDC' }, 'login could not start')
        return send(reply, messagePage(context, t.loginFailedTitle, t.loginUnavailable), 503)
      }
    })

    app.get('/auth/callback', page, async (request, reply) => {
      const { context, t } = begin(request, reply, '/')
      const rp = relying()
      const pending = logins.open(request.cookies[LOGIN_COOKIE], now()) as PendingLogin | undefined
      reply.clearCookie(LOGIN_COOKIE, cookieOptions)
      const failed = (code: string) =>
        send(reply, messagePage(context, t.loginFailedTitle, format(t.loginFailedText, { code })), 401)
      if (!rp || !pending) return failed('LOGIN_STATE_MISSING')
      try {
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''
        const citizen = await rp.finish(query, pending)
        // A new CSRF token at login: nothing issued before it (by anyone) is valid for the logged-in session.
        writeSession(reply, { csrf: newCsrf(), grant: { kind: 'login', ...citizen } })
        return reply.redirect('/certificates', 303)
      } catch (error) {
        const code = error instanceof LoginError ? error.code : 'OIDC_CALLBACK_INVALID'
        request.log.warn({ code }, 'login refused')
        return failed(code)
      }
    })

    app.post('/logout', { schema: { hide: true, body: formBody([]) } }, async (request, reply) => {
      if (!postedSession(request)) return refuseCsrf(request, reply)
      writeSession(reply, { csrf: newCsrf() })
      return reply.redirect('/', 303)
    })

    /** The validity sentences and today's status of a certificate, in `language`. */
    async function validityOf(certificate: Certificate, language: Language) {
      const t = TEXTS[language]
      const dcc = dccOf(certificate)
      const settings = parseSettings(await getAllSettings(services.db))
      const keyUsage =
        services.keys.certificates().find((dsc) => dsc.kidBase64 === certificate.signer)?.keyUsage ?? 'any'
      const at = services.now()
      const validity = certificateValidity(dcc, keyUsage, settings, at)
      // Tests count in hours: their window is shown to the minute; the others in days.
      const when = (instant: Date) =>
        dcc.t?.length ? formatInstant(instant, language) : formatDate(romeDate(instant), language)
      const sentence = (window: ValidityWindow, dated: string, open: string, none: string) => {
        if (!window.valid) return none
        const from = when(window.from)
        return window.until === null ? format(open, { from }) : format(dated, { from, until: when(window.until) })
      }
      const status = certificate.revokedAt !== null ? 'REVOKED' : validity.statusNow
      return {
        sentences: [
          sentence(validity.base, t.validityBase, t.validityBaseOpen, t.validityBaseNone),
          sentence(validity.rafforzata, t.validityRafforzata, t.validityRafforzataOpen, t.validityRafforzataNone),
        ],
        statusNow: format(t.validityNow, {
          today: formatDate(romeDate(at), language),
          status: t[`status${status}`],
        }),
      }
    }
  }
}
