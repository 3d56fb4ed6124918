/**
 * The codes that come with a certificate, one per kind of event (dgc.gov.it): the citizen uses the code, with the
 * last digits of the health card, to retrieve the certificate on the portal.
 */
export type CertificateCodeType = 'AUTHCODE' | 'CUN' | 'NRFE' | 'NUCG'

/** The SMS sender name, as the Ministry's messages show it. */
export const SMS_SENDER = 'MIN SALUTE'

export type NoticeLanguage = 'it' | 'en'

/** What a citizen is told about one certificate. No fiscal code: only the masked name identifies the holder. */
export interface CertificateNotice {
  /** The holder's name already masked (`MA* R*`): the messages never carry a full name. */
  readonly maskedName: string
  readonly codeType: CertificateCodeType
  readonly code: string
  /** The citizen portal, e.g. `https://www.dgc.gov.it/`. */
  readonly portalUrl: string
}

const CODE_LABEL: Readonly<Record<CertificateCodeType, Record<NoticeLanguage, string>>> = {
  AUTHCODE: { it: 'codice di autorizzazione (vaccinazione)', en: 'authorisation code (vaccination)' },
  CUN: { it: 'codice univoco nazionale (test molecolare)', en: 'national unique code (molecular test)' },
  NRFE: { it: 'numero di referto elettronico (test antigenico)', en: 'electronic report number (antigen test)' },
  NUCG: { it: 'numero univoco del certificato di guarigione', en: 'recovery certificate unique number' },
}

/**
 * The SMS text: short on purpose (one or two SMS segments), Italian by default.
 *
 * @example smsText({ maskedName: 'MA* R*', codeType: 'AUTHCODE', code: '12345678901', portalUrl: 'https://www.dgc.gov.it/' })
 * // 'È disponibile la Certificazione verde COVID-19 di MA* R*. AUTHCODE 12345678901. Scaricala su https://www.dgc.gov.it/ o con l'app IO.'
 */
export function smsText(notice: CertificateNotice, language: NoticeLanguage = 'it'): string {
  const { maskedName, codeType, code, portalUrl } = notice
  return language === 'it'
    ? `È disponibile la Certificazione verde COVID-19 di ${maskedName}. ${codeType} ${code}. ` +
        `Scaricala su ${portalUrl} o con l'app IO.`
    : `The EU Digital COVID Certificate of ${maskedName} is available. ${codeType} ${code}. ` +
        `Get it at ${portalUrl} or in the IO app.`
}

/**
 * The email subject and plain text, Italian then English in the same message (the platform does not know the
 * holder's language).
 *
 * @example const { subject, text } = emailText({ maskedName: 'MA* R*', codeType: 'NUCG', code: 'A1B2C3', portalUrl })
 */
export function emailText(notice: CertificateNotice): { subject: string; text: string } {
  const { maskedName, codeType, code, portalUrl } = notice
  const subject = `Certificazione verde COVID-19 di ${maskedName} disponibile / EU Digital COVID Certificate available`
  const text = [
    'Gentile utente,',
    '',
    `è disponibile la Certificazione verde COVID-19 di ${maskedName}.`,
    '',
    `${CODE_LABEL[codeType].it}: ${codeType} ${code}`,
    '',
    `Puoi scaricarla su ${portalUrl} con questo codice e il numero della tessera sanitaria, oppure trovarla nell'app IO.`,
    'Non rispondere a questo messaggio: la casella non è presidiata.',
    '',
    'Ministero della Salute',
    '',
    '---',
    '',
    `The EU Digital COVID Certificate of ${maskedName} is available.`,
    '',
    `${CODE_LABEL[codeType].en}: ${codeType} ${code}`,
    '',
    `Download it at ${portalUrl} with this code and your health card number, or find it in the IO app.`,
    'Please do not reply to this message.',
    '',
  ].join('\n')
  return { subject, text }
}
