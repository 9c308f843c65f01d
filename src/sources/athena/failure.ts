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
