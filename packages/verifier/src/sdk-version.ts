/**
 * The version of the reference verifier SDK whose protocol and rules this verifier follows (ministero-salute SDK
 * 1.1.12, italian-verification-rules.md §1). The settings' `sdk` entry names the oldest version the platform still
 * accepts; a verifier older than that must refuse to verify (§3.1.1), as the reference does.
 */
export const VERIFIER_SDK_VERSION = '1.1.12'

/**
 * Compares dotted-numeric versions part by part (`1.10` is after `1.9`; missing parts count as 0). Non-numeric parts
 * count as 0 too: a malformed minimum never locks verifiers out by accident.
 *
 * @example compareDottedVersions('1.1.12', '1.1.9') // 1
 */
export function compareDottedVersions(a: string, b: string): number {
  const left = a.split('.').map(part)
  const right = b.split('.').map(part)
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0)
    if (difference !== 0) return Math.sign(difference)
  }
  return 0
}

/**
 * True when the settings accept a verifier of `version`: no `sdk` minimum served, or one not newer than it.
 *
 * @example sdkVersionAccepted(settings.minSdkVersion) // false → refuse before decoding
 */
export function sdkVersionAccepted(minimum: string | undefined, version: string = VERIFIER_SDK_VERSION): boolean {
  return minimum === undefined || compareDottedVersions(version, minimum) >= 0
}

function part(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text) : 0
}
