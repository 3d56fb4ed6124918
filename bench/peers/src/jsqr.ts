// Peer: jsQR 1.4.0 (Apache-2.0), the QR reader of italia/verificac19-sdk, with pngjs 7 to decode the PNG first (jsQR
// wants RGBA pixels, which is what a user of it decodes a PNG into). Both are CommonJS: loaded with createRequire,
// typed by the few members we call.

import { createRequire } from 'node:module'

type JsQr = (rgba: Uint8ClampedArray, width: number, height: number) => { data: string } | null
interface PngJs {
  PNG: { sync: { read(data: Buffer): { width: number; height: number; data: Uint8Array } } }
}

/**
 * A reader of QR codes in PNG bytes made of jsQR and pngjs: the PNG → RGBA decode happens inside every call, as it
 * does for a user who starts from a file.
 */
export function prepareJsQrRead(): { readonly read: (png: Buffer) => string | undefined } {
  const require = createRequire(import.meta.url)
  const jsQR = (require('jsqr') as { default: JsQr }).default
  const { PNG } = require('pngjs') as PngJs
  return {
    read: (png) => {
      const img = PNG.sync.read(png)
      const rgba = new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength)
      return jsQR(rgba, img.width, img.height)?.data
    },
  }
}
