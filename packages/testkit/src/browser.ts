import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

const CHROMIUM = '/usr/bin/chromium'

/**
 * Debian's chromium, driven by playwright-core, with the flags this closed network needs (no background networking,
 * no component updates), and a fake camera playing `fakeVideo` (a Y4M file) when given: chromium takes one video
 * file per launch. Fails clearly when chromium is not installed (`apt-get install chromium`; CI does).
 */
export async function launchBrowser(fakeVideo?: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (CI does)`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(fakeVideo === undefined
        ? []
        : [
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-video-capture=${fakeVideo}`,
          ]),
    ],
  })
}
