/**
 * The test identities of the embedded provider. Their fiscal codes carry valid check characters, so the platform's
 * registry accepts them; the password is the same for all of them because this provider exists only for development
 * and tests (a real deployment points the relying parties at the SPID and CIE providers instead).
 */
export interface TestIdentity {
  readonly fiscalCode: string
  readonly givenName: string
  readonly familyName: string
  /** YYYY-MM-DD */
  readonly dateOfBirth: string
  readonly email: string
  readonly password: string
}

export const TEST_PASSWORD = 'password'

export const TEST_IDENTITIES: readonly TestIdentity[] = [
  {
    fiscalCode: 'RSSMRA80A01H501U',
    givenName: 'Mario',
    familyName: 'Rossi',
    dateOfBirth: '1980-01-01',
    email: 'mario.rossi@example.it',
    password: TEST_PASSWORD,
  },
  {
    fiscalCode: 'BNCLCU85T45F205C',
    givenName: 'Lucia',
    familyName: 'Bianchi',
    dateOfBirth: '1985-12-05',
    email: 'lucia.bianchi@example.it',
    password: TEST_PASSWORD,
  },
  {
    fiscalCode: 'VRDGPP70M10L219D',
    givenName: 'Giuseppe',
    familyName: 'Verdi',
    dateOfBirth: '1970-08-10',
    email: 'giuseppe.verdi@example.it',
    password: TEST_PASSWORD,
  },
]
