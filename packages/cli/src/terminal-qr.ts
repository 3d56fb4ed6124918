import { qrMatrix } from '@greenpass/hcert'

/**
 * Draws a QR code with Unicode half blocks, two module rows per text line. Light modules are drawn as blocks so the
 * code scans on the usual dark terminal background (the block is the terminal's light foreground colour).
 */
export function terminalQr(text: string, quietZone = 2): string {
  const { size, modules } = qrMatrix(text)
  const dark = (row: number, col: number): boolean =>
    row >= 0 && col >= 0 && row < size && col < size && modules[row * size + col] === 1
  const lines: string[] = []
  for (let row = -quietZone; row < size + quietZone; row += 2) {
    let line = ''
    for (let col = -quietZone; col < size + quietZone; col++) {
      const top = !dark(row, col)
      const bottom = row + 1 < size + quietZone && !dark(row + 1, col)
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' '
    }
    lines.push(line)
  }
  return lines.join('\n')
}
