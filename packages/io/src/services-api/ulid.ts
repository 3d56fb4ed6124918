import { randomBytes } from 'node:crypto'

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/**
 * A ULID (26 Crockford base-32 characters: 48-bit time, 80 random bits), the shape of IO message ids
 * (e.g. `01BX9NSMKVXXS5PSP2FATZMYYY`). Ids sort by creation time.
 *
 * @example ulid(now().getTime()) // '01J…'
 */
export function ulid(at: number): string {
  let time = ''
  let t = Math.floor(at)
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD.charAt(t % 32) + time
    t = Math.floor(t / 32)
  }
  const random = Array.from(randomBytes(16), (b) => CROCKFORD.charAt(b & 31)).join('')
  return time + random
}
