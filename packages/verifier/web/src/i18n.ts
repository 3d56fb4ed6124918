/** The app's texts in Italian, English and German. Keys name what the text is for, not where it sits. */
export const LANGUAGES = ['it', 'en', 'de'] as const
export type Language = (typeof LANGUAGES)[number]

const TEXTS = {
  title: { it: 'Verifica certificazione verde', en: 'Green certificate check', de: 'Grüner-Nachweis-Prüfung' },
  language: { it: 'Lingua', en: 'Language', de: 'Sprache' },
  checking: { it: 'Cosa si verifica', en: 'What is being checked', de: 'Was wird geprüft' },
  byMode: { it: 'Modalità di verifica', en: 'Scan mode', de: 'Prüfmodus' },
  byActivity: { it: 'Attività', en: 'Activity', de: 'Tätigkeit' },
  noActivities: {
    it: 'Oggi nessuna attività richiede la certificazione: si usa la modalità base.',
    en: 'No activity requires a certificate today: the base mode applies.',
    de: 'Heute verlangt keine Tätigkeit einen Nachweis: es gilt der Basismodus.',
  },
  modeRequired: {
    it: 'Per questa attività oggi la norma richiede la modalità {mode}.',
    en: 'For this activity the rules require the {mode} mode today.',
    de: 'Für diese Tätigkeit verlangen die Regeln heute den Modus {mode}.',
  },
  lastSync: { it: 'Ultimo aggiornamento: {time}', en: 'Last sync: {time}', de: 'Letzte Aktualisierung: {time}' },
  neverSynced: {
    it: 'Dati mai scaricati: serve una connessione per il primo aggiornamento.',
    en: 'No data yet: a connection is needed for the first sync.',
    de: 'Noch keine Daten: für die erste Aktualisierung ist eine Verbindung nötig.',
  },
  stale: {
    it: 'Attenzione: i dati hanno più di 24 ore. Aggiornare appena possibile.',
    en: 'Warning: the data is more than 24 hours old. Sync as soon as possible.',
    de: 'Achtung: die Daten sind älter als 24 Stunden. Bitte bald aktualisieren.',
  },
  syncNow: { it: 'Aggiorna ora', en: 'Sync now', de: 'Jetzt aktualisieren' },
  confirmDrl: {
    it: 'La lista di revoca da scaricare è di {size} MB. Scaricarla ora?',
    en: 'The revocation list to download is {size} MB. Download it now?',
    de: 'Die herunterzuladende Widerrufsliste ist {size} MB groß. Jetzt herunterladen?',
  },
  syncing: { it: 'Aggiornamento in corso…', en: 'Syncing…', de: 'Aktualisierung läuft…' },
  syncFailed: {
    it: 'Aggiornamento non riuscito: {detail}',
    en: 'Sync failed: {detail}',
    de: 'Aktualisierung fehlgeschlagen: {detail}',
  },
  offline: {
    it: 'Nessuna connessione: si verifica con i dati salvati.',
    en: 'Offline: checking with the saved data.',
    de: 'Offline: geprüft wird mit den gespeicherten Daten.',
  },
  drlIncomplete: {
    it: 'Verifica non disponibile: lo scaricamento della lista di revoca non è completo. Aggiornare.',
    en: 'Checking is not possible: the revocation list download is incomplete. Sync again.',
    de: 'Prüfung nicht möglich: der Download der Widerrufsliste ist unvollständig. Erneut aktualisieren.',
  },
  sdkTooOld: {
    it: "Verifica non disponibile: questa versione dell'app non è più accettata. Aggiornare l'app.",
    en: 'Checking is not possible: this version of the app is no longer accepted. Update the app.',
    de: 'Prüfung nicht möglich: diese Version der App wird nicht mehr akzeptiert. Bitte die App aktualisieren.',
  },
  noData: {
    it: 'Verifica non disponibile: mancano i dati. Aggiornare con una connessione.',
    en: 'Checking is not possible: no data. Sync while online.',
    de: 'Prüfung nicht möglich: keine Daten. Bitte online aktualisieren.',
  },
  startCamera: { it: 'Avvia fotocamera', en: 'Start camera', de: 'Kamera starten' },
  stopCamera: { it: 'Ferma fotocamera', en: 'Stop camera', de: 'Kamera stoppen' },
  torch: { it: 'Torcia', en: 'Torch', de: 'Taschenlampe' },
  cameraFailed: {
    it: 'Fotocamera non disponibile: {detail}',
    en: 'Camera not available: {detail}',
    de: 'Kamera nicht verfügbar: {detail}',
  },
  openImage: { it: 'Apri un’immagine', en: 'Open an image', de: 'Bild öffnen' },
  noQr: {
    it: 'Nessun codice QR trovato nell’immagine.',
    en: 'No QR code found in the image.',
    de: 'Kein QR-Code im Bild gefunden.',
  },
  pointCamera: {
    it: 'Inquadrare il codice QR della certificazione.',
    en: 'Point the camera at the certificate’s QR code.',
    de: 'Die Kamera auf den QR-Code des Nachweises richten.',
  },
  scanTest: {
    it: 'Ora inquadrare il QR di un test negativo della stessa persona.',
    en: 'Now scan the QR code of a negative test of the same person.',
    de: 'Jetzt den QR-Code eines negativen Tests derselben Person scannen.',
  },
  VALID: { it: 'Certificazione valida', en: 'Valid certificate', de: 'Gültiger Nachweis' },
  NOT_VALID: { it: 'Certificazione non valida', en: 'Not valid', de: 'Nicht gültig' },
  EXPIRED: { it: 'Certificazione scaduta', en: 'Expired', de: 'Abgelaufen' },
  NOT_VALID_YET: { it: 'Non ancora valida', en: 'Not valid yet', de: 'Noch nicht gültig' },
  REVOKED: { it: 'Certificazione revocata', en: 'Revoked', de: 'Widerrufen' },
  NOT_EU_DCC: {
    it: 'Non è una certificazione verde COVID-19',
    en: 'Not an EU digital COVID certificate',
    de: 'Kein digitales COVID-Zertifikat der EU',
  },
  TEST_NEEDED: {
    it: 'Serve anche un test negativo',
    en: 'A negative test is needed too',
    de: 'Zusätzlich ist ein negativer Test nötig',
  },
  verifyTest: { it: 'Verifica anche un test', en: 'Verify a test too', de: 'Auch einen Test prüfen' },
  next: { it: 'Verifica successiva', en: 'Next check', de: 'Nächste Prüfung' },
  name: { it: 'Cognome e nome', en: 'Name', de: 'Name' },
  dateOfBirth: { it: 'Data di nascita', en: 'Date of birth', de: 'Geburtsdatum' },
  compareId: {
    it: 'Confrontare con un documento di identità.',
    en: 'Compare with an identity document.',
    de: 'Mit einem Ausweis vergleichen.',
  },
  modeName3G: { it: 'Base (3G)', en: 'Base (3G)', de: 'Basis (3G)' },
  modeName2G: { it: 'Rafforzata (2G)', en: 'Strengthened (2G)', de: 'Verstärkt (2G)' },
  modeNameBOOSTER: { it: 'Booster / visite RSA', en: 'Booster / care-home visits', de: 'Booster / Pflegeheimbesuche' },
  modeNameSCHOOL: { it: 'Scuola', en: 'School', de: 'Schule' },
  modeNameWORK: { it: 'Lavoro', en: 'Work', de: 'Arbeit' },
  modeNameENTRY_ITALY: { it: 'Ingresso in Italia', en: 'Entry into Italy', de: 'Einreise nach Italien' },
  modeNameDOUBLE_SCAN: { it: 'Verifica del test', en: 'Test check', de: 'Testprüfung' },
  categoryWORK: { it: 'Lavoro', en: 'Work', de: 'Arbeit' },
  categoryTRANSPORT: { it: 'Trasporti', en: 'Transport', de: 'Verkehr' },
  categorySCHOOL_UNIVERSITY: { it: 'Scuola e università', en: 'School and university', de: 'Schule und Universität' },
  categoryHEALTH_CARE: { it: 'Sanità e assistenza', en: 'Health and care', de: 'Gesundheit und Pflege' },
  categoryACTIVITIES_SERVICES: {
    it: 'Attività e servizi',
    en: 'Activities and services',
    de: 'Aktivitäten und Dienste',
  },
} as const satisfies Record<string, Record<Language, string>>

export type TextKey = keyof typeof TEXTS

/** The language to start with: the saved choice, else the browser's, else Italian. */
export function initialLanguage(saved: string | null, browser: readonly string[]): Language {
  for (const candidate of [saved, ...browser.map((tag) => tag.slice(0, 2).toLowerCase())]) {
    if (isLanguage(candidate)) return candidate
  }
  return 'it'
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** The text for `key` in `language`, with `{name}` placeholders filled in. */
export function text(language: Language, key: TextKey, values: Record<string, string> = {}): string {
  return TEXTS[key][language].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '')
}

/** Whether `key` names a text (for keys built at run time, e.g. from a status). */
export function isTextKey(key: string): key is TextKey {
  return Object.hasOwn(TEXTS, key)
}
