import { ScanMode, Status } from '@greenpass/rules'
import { activitiesOn, modesOn, romeDayText } from '../../src/mode-choice.ts'
import { sdkVersionAccepted } from '../../src/sdk-version.ts'
import { syncVerifier } from '../../src/sync/sync-verifier.ts'
import type { VerificationResult } from '../../src/verify.ts'
import { verifyCertificateWeb } from '../../src/verify-web.ts'
import { type Language, LANGUAGES, initialLanguage, isLanguage, isTextKey, type TextKey, text } from './i18n.ts'
import { IndexedDbStore } from './idb-store.ts'
import { type CameraScan, readQrText, startCamera } from './scanner.ts'
import { loadVerifierData } from './verifier-data.ts'

/**
 * The verifier app: choose what is checked (a scan mode, or an activity whose mode the dated rules table gives),
 * scan QR codes with the camera or from an image, and read the verdict with the holder's name and date of birth.
 * Everything it needs is in IndexedDB, synced from the verifier API on start (when online) and on demand.
 */

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const LANGUAGE_KEY = 'greenpass.verifier.language'
const API_KEY = 'greenpass.verifier.api'

let language: Language = initialLanguage(localStorage.getItem(LANGUAGE_KEY), navigator.languages)
let store: IndexedDbStore
let camera: CameraScan | null = null
/** While a result is on screen (or a verification runs), camera reads are ignored. */
let paused = false
/** After TEST_NEEDED: the next scan is the test (DOUBLE_SCAN), and the first certificate is not read again. */
let pendingTest: { readonly previousMode: ScanMode; readonly firstText: string } | null = null

const t = (key: TextKey, values?: Record<string, string>) => text(language, key, values)

function apiBase(): URL {
  const fromQuery = new URLSearchParams(location.search).get('api')
  if (fromQuery) localStorage.setItem(API_KEY, fromQuery)
  const configured =
    localStorage.getItem(API_KEY) ?? document.querySelector<HTMLMetaElement>('meta[name=greenpass-api]')?.content
  return new URL(configured ?? '../v1/dgc/', document.baseURI)
}

function renderTexts(): void {
  document.documentElement.lang = language
  for (const element of document.querySelectorAll<HTMLElement>('[data-text]')) {
    const key = element.dataset.text as string
    if (isTextKey(key)) element.textContent = t(key)
  }
  renderChoices()
  renderDataStatus()
}

/** The choices of the day: modes in force, and activities with the mode the table sets. */
function renderChoices(): void {
  const day = romeDayText(new Date())
  const modeSelect = $<HTMLSelectElement>('mode')
  const selectedMode = modeSelect.value
  modeSelect.replaceChildren(
    ...modesOn(day).map((mode) => new Option(t(`modeName${mode}` as TextKey), mode, false, mode === selectedMode)),
  )
  const activitySelect = $<HTMLSelectElement>('activity')
  const selectedActivity = activitySelect.value
  const activities = activitiesOn(day)
  const groups = new Map<string, HTMLOptGroupElement>()
  for (const activity of activities) {
    let group = groups.get(activity.category)
    if (!group) {
      group = document.createElement('optgroup')
      group.label = t(`category${activity.category}` as TextKey)
      groups.set(activity.category, group)
    }
    group.append(new Option(activity.activity[language], activity.id, false, activity.id === selectedActivity))
  }
  activitySelect.replaceChildren(...groups.values())
  const byActivity = $<HTMLInputElement>('by-activity')
  byActivity.disabled = activities.length === 0
  if (byActivity.disabled && byActivity.checked) $<HTMLInputElement>('by-mode').checked = true
  $('no-activities').hidden = activities.length > 0
  renderChosenMode()
}

/** The mode in use now: the chosen one, or the one the table requires for the chosen activity today. */
function chosenMode(now: Date): ScanMode {
  if ($<HTMLInputElement>('by-activity').checked) {
    const id = $<HTMLSelectElement>('activity').value
    return activitiesOn(romeDayText(now)).find((activity) => activity.id === id)?.mode ?? ScanMode.BASE
  }
  const mode = $<HTMLSelectElement>('mode').value
  return modesOn(romeDayText(now)).find((candidate) => candidate === mode) ?? ScanMode.BASE
}

function renderChosenMode(): void {
  const byActivity = $<HTMLInputElement>('by-activity').checked
  $('mode').hidden = byActivity
  $('activity').hidden = !byActivity
  const required = $('activity-mode')
  required.hidden = !byActivity
  if (byActivity) {
    const mode = chosenMode(new Date())
    required.dataset.mode = mode
    required.textContent = t('modeRequired', { mode: t(`modeName${mode}` as TextKey) })
  }
}

function renderDataStatus(message?: string): void {
  const status = store.status(new Date())
  const times = [
    status.trustList.syncedAt,
    status.settings.syncedAt,
    ...(status.drl.active ? [status.drl.syncedAt] : []),
  ]
  const oldest = times.some((time) => time === null)
    ? null
    : new Date(Math.min(...times.map((time) => (time as Date).getTime())))
  $('last-sync').textContent =
    oldest === null ? t('neverSynced') : t('lastSync', { time: oldest.toLocaleString(language) })
  $('stale').hidden = oldest === null || !status.stale
  if (message !== undefined) $('sync-message').textContent = message
}

async function sync(): Promise<void> {
  if (!navigator.onLine) {
    renderDataStatus(t('offline'))
    return
  }
  const button = $<HTMLButtonElement>('sync')
  button.disabled = true
  renderDataStatus(t('syncing'))
  try {
    const report = await syncVerifier(store, {
      baseUrl: apiBase(),
      now: new Date(),
      timeoutMs: 30_000,
      // The reference asks before a revocation-list download of more than 5 MB (§9.6): mobile data costs.
      confirmDrlDownload: (bytes) => confirm(t('confirmDrl', { size: (bytes / 1_048_576).toFixed(0) })),
    })
    await loadVerifierData(store)
    const detail = report.errors.map((issue) => `${issue.part}: ${issue.code}`).join(', ')
    // navigator.onLine only knows about the device's link: an unreachable API is offline all the same.
    const offline = report.errors.length > 0 && report.errors.every((issue) => issue.code === 'SYNC_NETWORK')
    renderDataStatus(report.ok ? '' : offline ? t('offline') : t('syncFailed', { detail }))
  } catch (error) {
    renderDataStatus(t('syncFailed', { detail: (error as Error).message }))
  } finally {
    button.disabled = false
  }
}

async function verify(qrText: string): Promise<void> {
  paused = true
  const now = new Date()
  const status = store.status(now)
  if (!status.verificationAllowed) return refuse('drlIncomplete')
  const data = await loadVerifierData(store)
  if (data === null) return refuse('noData')
  if (!sdkVersionAccepted(data.settings.minSdkVersion)) return refuse('sdkTooOld')
  const mode = pendingTest ? ScanMode.DOUBLE_SCAN : chosenMode(now)
  const result = await verifyCertificateWeb(qrText, data, {
    mode,
    at: now,
    ...(pendingTest ? { previousMode: pendingTest.previousMode } : {}),
  })
  if (result.status === Status.TEST_NEEDED) pendingTest = { previousMode: mode, firstText: qrText }
  else pendingTest = null
  showResult(result)
}

/**
 * The status as shown: the production mapping for REVOKED and NOT_VALID_YET (both NOT_VALID, so a red screen does
 * not tell a forger which check caught them, italian-verification-rules.md §2); EXPIRED is kept, as it tells an
 * honest holder what to do.
 */
function shownStatus(status: Status): Status {
  return status === Status.REVOKED || status === Status.NOT_VALID_YET ? Status.NOT_VALID : status
}

function showResult(result: VerificationResult): void {
  const shown = shownStatus(result.status)
  const panel = $('result')
  panel.hidden = false
  panel.dataset.status = shown
  panel.dataset.colour = shown === Status.VALID ? 'green' : shown === Status.TEST_NEEDED ? 'yellow' : 'red'
  $('result-status').textContent = t(shown)
  const person = result.person
  const name = person
    ? [person.familyName ?? person.standardisedFamilyName, person.givenName ?? person.standardisedGivenName]
        .filter(Boolean)
        .join(' ')
    : ''
  $('holder').hidden = name === ''
  $('holder-name').textContent = name
  $('holder-dob').textContent = result.dateOfBirth ?? ''
  $('verify-test').hidden = result.status !== Status.TEST_NEEDED
  $('refusal').hidden = true
  $('instruction').textContent = t('pointCamera')
}

function refuse(key: TextKey): void {
  $('result').hidden = true
  const refusal = $('refusal')
  refusal.hidden = false
  refusal.textContent = t(key)
  paused = false
}

function next(forTest: boolean): void {
  $('result').hidden = true
  if (!forTest) pendingTest = null
  $('instruction').textContent = t(forTest ? 'scanTest' : 'pointCamera')
  paused = false
}

async function toggleCamera(): Promise<void> {
  const button = $<HTMLButtonElement>('camera-toggle')
  if (camera) {
    camera.stop()
    camera = null
    button.dataset.text = 'startCamera'
    button.textContent = t('startCamera')
    $('torch').hidden = true
    return
  }
  try {
    camera = await startCamera($<HTMLVideoElement>('video'), (qrText) => {
      if (paused || qrText === pendingTest?.firstText) return
      void verify(qrText)
    })
    button.dataset.text = 'stopCamera'
    button.textContent = t('stopCamera')
    $('torch').hidden = !camera.hasTorch
    $('camera-error').hidden = true
  } catch (error) {
    const message = $('camera-error')
    message.hidden = false
    message.textContent = t('cameraFailed', { detail: (error as Error).message })
  }
}

async function openImage(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0]
  input.value = ''
  if (!file) return
  const qrText = await readQrText(file)
  if (qrText === null) return refuse('noQr')
  await verify(qrText)
}

async function start(): Promise<void> {
  const languageSelect = $<HTMLSelectElement>('language')
  languageSelect.replaceChildren(
    ...LANGUAGES.map((code) => new Option(code.toUpperCase(), code, false, code === language)),
  )
  languageSelect.addEventListener('change', () => {
    if (!isLanguage(languageSelect.value)) return
    language = languageSelect.value
    localStorage.setItem(LANGUAGE_KEY, language)
    renderTexts()
  })
  store = await IndexedDbStore.open()
  renderTexts()
  for (const id of ['by-mode', 'by-activity', 'mode', 'activity']) $(id).addEventListener('change', renderChosenMode)
  $('sync').addEventListener('click', () => void sync())
  $('camera-toggle').addEventListener('click', () => void toggleCamera())
  let torchOn = false
  $('torch').addEventListener('click', () => {
    torchOn = !torchOn
    void camera?.setTorch(torchOn)
  })
  $<HTMLInputElement>('image').addEventListener('change', (event) => void openImage(event.target as HTMLInputElement))
  $('next').addEventListener('click', () => next(false))
  $('verify-test').addEventListener('click', () => next(true))
  if ('serviceWorker' in navigator) void navigator.serviceWorker.register('sw.js').catch(() => undefined)
  await sync()
  document.body.dataset.ready = 'true'
}

void start()
