// The CloudTrail table as AWS's documented DDL declares it (Hive JSON SerDe, lowercase columns, every scalar a
// string), in one tree that yields the three things the emulator needs: the Glue `StorageDescriptor.Columns`
// (Hive type strings), the `columns` argument of DuckDB's read_json (keyed by the field names CloudTrail really
// writes: `eventID`, `sourceIPAddress`, `ARN`… — DuckDB matches JSON keys case-sensitively, the Hive SerDe does
// not), and the view's projection that renames them to the lowercase names Athena shows.

export type Field =
  | { key: string; kind: 'string' }
  | { key: string; kind: 'map' }
  | { key: string; kind: 'struct'; fields: readonly Field[] }
  | { key: string; kind: 'array'; of: readonly Field[] }

const s = (key: string): Field => ({ key, kind: 'string' })
const struct = (key: string, fields: readonly Field[]): Field => ({ key, kind: 'struct', fields })

/** The columns of AWS's CloudTrail DDL, in its order, with the JSON key spelling CloudTrail writes. */
export const CLOUDTRAIL_FIELDS: readonly Field[] = [
  s('eventVersion'),
  struct('userIdentity', [
    s('type'),
    s('principalId'),
    s('arn'),
    s('accountId'),
    s('invokedBy'),
    s('accessKeyId'),
    s('userName'),
    struct('onBehalfOf', [s('userId'), s('identityStoreArn')]),
    struct('sessionContext', [
      struct('attributes', [s('mfaAuthenticated'), s('creationDate')]),
      struct('sessionIssuer', [s('type'), s('principalId'), s('arn'), s('accountId'), s('userName')]),
      s('ec2RoleDelivery'),
      struct('webIdFederationData', [s('federatedProvider'), { key: 'attributes', kind: 'map' }])
    ])
  ]),
  s('eventTime'),
  s('eventSource'),
  s('eventName'),
  s('awsRegion'),
  s('sourceIPAddress'),
  s('userAgent'),
  s('errorCode'),
  s('errorMessage'),
  s('requestParameters'),
  s('responseElements'),
  s('additionalEventData'),
  s('requestID'),
  s('eventID'),
  s('readOnly'),
  { key: 'resources', kind: 'array', of: [s('ARN'), s('accountId'), s('type')] },
  s('eventType'),
  s('apiVersion'),
  s('recipientAccountId'),
  s('serviceEventDetails'),
  s('sharedEventID'),
  s('vpcEndpointId'),
  s('vpcEndpointAccountId'),
  s('eventCategory'),
  struct('addendum', [s('reason'), s('updatedFields'), s('originalRequestID'), s('originalEventID')]),
  s('sessionCredentialFromConsole'),
  s('edgeDeviceDetails'),
  struct('tlsDetails', [s('tlsVersion'), s('cipherSuite'), s('clientProvidedHostHeader')])
]

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`

/** The Hive type string Glue stores for a field, lowercased as the Hive metastore keeps it. */
export function hiveType(field: Field): string {
  switch (field.kind) {
    case 'string':
      return 'string'
    case 'map':
      return 'map<string,string>'
    case 'struct':
      return `struct<${field.fields.map(f => `${f.key.toLowerCase()}:${hiveType(f)}`).join(',')}>`
    case 'array':
      return `array<struct<${field.of.map(f => `${f.key.toLowerCase()}:${hiveType(f)}`).join(',')}>>`
  }
}

/** The DuckDB type of a field; `lowercase` names the struct fields as Athena shows them. */
export function duckType(field: Field, lowercase: boolean): string {
  const name = (f: Field): string => quote(lowercase ? f.key.toLowerCase() : f.key)
  const members = (fields: readonly Field[]): string =>
    fields.map(f => `${name(f)} ${duckType(f, lowercase)}`).join(', ')
  switch (field.kind) {
    case 'string':
      return 'VARCHAR'
    case 'map':
      return 'MAP(VARCHAR, VARCHAR)'
    case 'struct':
      return `STRUCT(${members(field.fields)})`
    case 'array':
      return `STRUCT(${members(field.of)})[]`
  }
}

/** The `columns` argument of read_json: one `Records` column, a list of the events as CloudTrail writes them. */
export function recordsColumnSpec(): string {
  const record = `STRUCT(${CLOUDTRAIL_FIELDS.map(f => `${quote(f.key)} ${duckType(f, false)}`).join(', ')})`
  return `{'Records': '${record.replace(/'/g, "''")}[]'}`
}

/**
 * The view's select list over a row alias `r` holding one record: each column renamed to lowercase; structs and
 * arrays cast to their lowercase-named types (DuckDB casts structs by name, case-insensitively).
 */
export function projection(alias: string): string {
  return CLOUDTRAIL_FIELDS.map(f => {
    const source = `${alias}.${quote(f.key)}`
    const target = quote(f.key.toLowerCase())
    return f.kind === 'string'
      ? `${source} AS ${target}`
      : `CAST(${source} AS ${duckType(f, true)}) AS ${target}`
  }).join(',\n  ')
}

/** The empty typed select list, for a table whose partitions kept no file. */
export function emptyProjection(): string {
  return CLOUDTRAIL_FIELDS.map(
    f => `CAST(NULL AS ${duckType(f, true)}) AS ${quote(f.key.toLowerCase())}`
  ).join(',\n  ')
}

export function glueColumns(): Array<{ Name: string; Type: string }> {
  return CLOUDTRAIL_FIELDS.map(f => ({ Name: f.key.toLowerCase(), Type: hiveType(f) }))
}
