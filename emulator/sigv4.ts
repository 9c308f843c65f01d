// Who signed an AWS JSON call: the key and Region of the SigV4 credential scope, and whether that key may sign.
// The signature itself is not checked (the emulator holds no secrets); the scope is all a test can steer.
import { AwsError } from './http.js'
import type { StsService } from './sts.js'

export interface Signer {
  accessKeyId: string
  region: string
}

/** The key and Region of an `AWS4-HMAC-SHA256 Credential=KEY/DATE/REGION/<service>/aws4_request, …` header. */
export function signerOf(authorization: string | undefined, service: string): Signer {
  if (authorization === undefined || authorization === '') {
    throw new AwsError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token')
  }
  const scope =
    /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/\d{8}\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request,/.exec(
      authorization
    )
  if (scope === null || scope[1] === undefined || scope[2] === undefined || scope[3] !== service) {
    throw new AwsError(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.'
    )
  }
  return { accessKeyId: scope[1], region: scope[2] }
}

/** Throws what an AWS JSON service answers for an expired key, or for a key requireKnownKeys refuses. */
export function checkKey(sts: StsService, accessKeyId: string): void {
  const status = sts.keyStatus(accessKeyId)
  if (status === 'expired') {
    throw new AwsError(400, 'ExpiredTokenException', 'The security token included in the request is expired')
  }
  if (status === 'unknown') {
    throw new AwsError(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.'
    )
  }
}
