import type { IncompleteCode } from '../../core/types.js'

/** Why the Athena source stopped: the scan is then incomplete, with this reason. */
export class AthenaFailure extends Error {
  constructor(
    readonly code: IncompleteCode,
    readonly reason: string
  ) {
    super(reason)
    this.name = 'AthenaFailure'
  }
}

/** Athena's ErrorCategory: 1 system, 2 user, 3 other. */
export function categoryName(category: number | undefined): string {
  switch (category) {
    case 1:
      return 'SYSTEM'
    case 2:
      return 'USER'
    case 3:
      return 'OTHER'
    default:
      return 'unknown'
  }
}
