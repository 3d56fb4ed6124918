/**
 * IO checks fiscal codes by shape only (issuance-and-io.md §2.5), omocodia included and no check character: IO's own
 * documentation examples fail the checksum.
 */
export const IO_FISCAL_CODE_PATTERN =
  '^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$'
