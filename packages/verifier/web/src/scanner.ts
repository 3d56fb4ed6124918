import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader'

/**
 * QR reading in the browser: the platform's `BarcodeDetector` where it exists (Android, macOS), else ZXing compiled
 * to WebAssembly, whose binary is served beside the app (never fetched from a CDN: the app must work offline).
 */

let zxingReady: Promise<unknown> | undefined

function zxing(): Promise<unknown> {
  zxingReady ??= Promise.resolve(
    prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) =>
          path.endsWith('.wasm') ? new URL('zxing_reader.wasm', document.baseURI).href : prefix + path,
      },
      fireImmediately: true,
    }),
  )
  return zxingReady
}

interface DetectedBarcode {
  readonly rawValue: string
}
interface BarcodeDetectorInstance {
  detect(source: CanvasImageSource | Blob | ImageData): Promise<DetectedBarcode[]>
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorInstance
  getSupportedFormats(): Promise<string[]>
}

let detector: Promise<BarcodeDetectorInstance | null> | undefined

/** The platform's QR detector, or null where there is none (desktop Linux and Windows Chrome, Firefox, Safari). */
function platformDetector(): Promise<BarcodeDetectorInstance | null> {
  detector ??= (async () => {
    const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector
    if (!Detector || !(await Detector.getSupportedFormats()).includes('qr_code')) return null
    return new Detector({ formats: ['qr_code'] })
  })().catch(() => null)
  return detector
}

/** The text of the first QR code in an image (a frame or a file), or null when there is none. */
export async function readQrText(source: ImageData | Blob): Promise<string | null> {
  const native = await platformDetector()
  if (native) return (await native.detect(source))[0]?.rawValue ?? null
  await zxing()
  const [first] = await readBarcodes(source, { formats: ['QRCode'], tryHarder: true, maxNumberOfSymbols: 1 })
  return first?.text ?? null
}

/** A running camera: frames are read continuously until `stop`. */
export interface CameraScan {
  /** Whether the track can switch a torch on (checked on the track's capabilities). */
  readonly hasTorch: boolean
  setTorch(on: boolean): Promise<void>
  stop(): void
}

/**
 * Opens the back camera into `video` and reads a frame every `intervalMs`; `onText` gets every QR text read (the
 * caller decides what to do with repeats). Frames are read one at a time: a slow decode never piles up work.
 */
export async function startCamera(
  video: HTMLVideoElement,
  onText: (text: string) => void,
  intervalMs = 200,
): Promise<CameraScan> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } },
    audio: false,
  })
  video.srcObject = stream
  video.muted = true
  video.playsInline = true
  await video.play()
  const [track] = stream.getVideoTracks()
  const capabilities = (track?.getCapabilities?.() ?? {}) as MediaTrackCapabilities & { torch?: boolean }
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  let running = true
  let timer: ReturnType<typeof setTimeout> | undefined

  const readFrame = async () => {
    if (!running || !context) return
    try {
      if (video.videoWidth > 0) {
        canvas.width = video.videoWidth
        canvas.height = video.videoHeight
        context.drawImage(video, 0, 0)
        const text = await readQrText(context.getImageData(0, 0, canvas.width, canvas.height))
        if (text !== null && running) onText(text)
      }
    } finally {
      if (running) timer = setTimeout(readFrame, intervalMs)
    }
  }
  timer = setTimeout(readFrame, 0)

  return {
    hasTorch: capabilities.torch === true,
    async setTorch(on: boolean) {
      await track?.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] })
    },
    stop() {
      running = false
      clearTimeout(timer)
      for (const item of stream.getTracks()) item.stop()
      video.srcObject = null
    },
  }
}
