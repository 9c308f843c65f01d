// Athena's list price: $5 per TB scanned, each query rounded up to the megabyte with a 10 MB minimum. A failed or
// cancelled query is billed for what it had scanned. AWS bills in binary units (1 TB = 1,024 GB = 2^40 bytes).

export const PRICE_PER_TB_USD = 5
const MB = 2 ** 20
const TB = 2 ** 40
export const MINIMUM_BILLED_BYTES = 10 * MB

/** The bytes Athena bills for a query that scanned `bytes`. */
export function billedBytes(bytes: number): number {
  return Math.max(MINIMUM_BILLED_BYTES, Math.ceil(Math.max(0, bytes) / MB) * MB)
}

/** Estimated cost in US dollars of a query that scanned `bytes`. */
export function estimatedCostUsd(bytes: number): number {
  return (billedBytes(bytes) / TB) * PRICE_PER_TB_USD
}

/** `1.23 GB`, `512 KB`, `0 B`: binary units, as the bill counts them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']
  let value = Math.max(0, bytes)
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`
}

/** `$0.0001`, `$1.25`: enough digits that a small query does not read as free. */
export function formatUsd(usd: number): string {
  return usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toPrecision(2)}`
}
