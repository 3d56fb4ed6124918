import { writeFile } from 'node:fs/promises'
import { qrMatrix } from '@greenpass/hcert'

const WIDTH = 480
const HEIGHT = 360
const QUIET_ZONE = 4

/**
 * A Y4M video (YUV4MPEG2, 4:2:0) for Chromium's fake camera: one frame per QR text (repeat a text to show it
 * longer), half a second each, looped by Chromium. Luma is the QR drawn from hcert's matrix (black modules on white, the largest whole scale that
 * fits with its quiet zone), chroma neutral (128): what a camera would see of a QR on a phone screen.
 */
export async function writeQrVideo(path: string, texts: readonly string[]): Promise<void> {
  const header = `YUV4MPEG2 W${WIDTH} H${HEIGHT} F2:1 Ip A1:1 C420jpeg\n`
  const lumaSize = WIDTH * HEIGHT
  const chroma = new Uint8Array(lumaSize / 2).fill(128)
  const parts: Uint8Array[] = [new TextEncoder().encode(header)]
  for (const text of texts) {
    const { size, modules } = qrMatrix(text)
    const scale = Math.floor(Math.min(WIDTH, HEIGHT) / (size + 2 * QUIET_ZONE))
    if (scale < 2) throw new Error(`A QR of ${size} modules does not fit a ${WIDTH}x${HEIGHT} frame`)
    const luma = new Uint8Array(lumaSize).fill(255)
    const left = Math.floor((WIDTH - size * scale) / 2)
    const top = Math.floor((HEIGHT - size * scale) / 2)
    for (let y = 0; y < size * scale; y++) {
      for (let x = 0; x < size * scale; x++) {
        if (modules[Math.floor(y / scale) * size + Math.floor(x / scale)] === 1) luma[(top + y) * WIDTH + left + x] = 0
      }
    }
    parts.push(new TextEncoder().encode('FRAME\n'), luma, chroma)
  }
  await writeFile(path, Buffer.concat(parts))
}
