// Live trail delivery tests: a movable emulator clock, a temporary S3 root, and Athena queries through the real SDK
// (submitted, then awaited apart, so a test can deliver files between the two).
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  type AthenaClient
} from '@aws-sdk/client-athena'
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail'
import { STSClient } from '@aws-sdk/client-sts'

export const ACCOUNT = '123456789012'
export const BUCKET = 'audit-trail'
export const MINUTE = 60_000
export const KEYS = { accessKeyId: 'AKIDLIVETRAIL', secretAccessKey: 'x' }

/** The emulator's clock: `now` for the options, `set` to move it. */
export class Clock {
  constructor(private time: number) {}
  readonly now = (): number => this.time
  set(iso: string | number): void {
    this.time = typeof iso === 'number' ? iso : Date.parse(iso)
  }
}

export function tempRoot(roots: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'athena-live-'))
  roots.push(root)
  return root
}

export function removeRoots(roots: string[]): void {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
}

export function sts(url: string, region = 'eu-west-2'): STSClient {
  return new STSClient({ endpoint: url, region, credentials: KEYS, maxAttempts: 1 })
}

export function cloudTrail(url: string, region = 'eu-west-2'): CloudTrailClient {
  return new CloudTrailClient({ endpoint: url, region, credentials: KEYS, maxAttempts: 1 })
}

/** Starts a query; its file listing is taken now, whatever is delivered before it runs. */
export async function submit(athena: AthenaClient, sql: string, parameters?: string[]): Promise<string> {
  const out = await athena.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      QueryExecutionContext: { Database: 'cloudtrail' },
      ...(parameters !== undefined && { ExecutionParameters: parameters })
    })
  )
  if (out.QueryExecutionId === undefined) throw new Error('no QueryExecutionId')
  return out.QueryExecutionId
}

/** Waits for the query to finish (the emulator's states move in real time) and returns its rows, header dropped. */
export async function rowsOf(athena: AthenaClient, id: string): Promise<string[][]> {
  for (;;) {
    const { QueryExecution: e } = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id }))
    const state = e?.Status?.State
    if (state === 'FAILED' || state === 'CANCELLED')
      throw new Error(`query ${state}: ${e?.Status?.StateChangeReason}`)
    if (state === 'SUCCEEDED') break
    await new Promise(resolve => setTimeout(resolve, 10))
  }
  const rows: string[][] = []
  let token: string | undefined
  do {
    const page = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token }))
    for (const row of page.ResultSet?.Rows ?? [])
      rows.push((row.Data ?? []).map(d => d.VarCharValue ?? '<null>'))
    token = page.NextToken
  } while (token !== undefined)
  return rows.slice(1)
}

export async function query(athena: AthenaClient, sql: string, parameters?: string[]): Promise<string[][]> {
  return rowsOf(athena, await submit(athena, sql, parameters))
}
