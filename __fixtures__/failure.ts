/** Awaits a call that must fail and returns the SDK error's name and HTTP status. */
export async function failure(
  promise: Promise<unknown>
): Promise<{ name: string; status: number | undefined }> {
  try {
    await promise
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    return { name: error instanceof Error ? error.name : String(error), status }
  }
  throw new Error('expected the call to fail')
}
