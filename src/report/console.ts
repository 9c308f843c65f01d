// Links from the summary to an event in the CloudTrail console. The Region and event id come from CloudTrail,
// so the Region must look like one before it becomes part of a host name.

const CONSOLE_HOSTS: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com'
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/

/**
 * The CloudTrail console page of one event, or undefined when the Region does not look like an AWS Region
 * or the partition has no known console.
 */
export function consoleUrl(
  event: { Region: string; EventId: string },
  partition = 'aws'
): string | undefined {
  const host = CONSOLE_HOSTS[partition]
  if (host === undefined || !REGION.test(event.Region)) return undefined
  const region = event.Region
  return `https://${region}.${host}/cloudtrailv2/home?region=${region}#/events/${encodeURIComponent(event.EventId)}`
}

/** The partition a Region belongs to, for identities (plain user names) that do not say. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}
