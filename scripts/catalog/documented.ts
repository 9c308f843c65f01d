// What CloudTrail records that the API models do not say: event sources that differ from a model's signing name
// or endpoint prefix, operations recorded under another name, and documented events that are no API operation
// of any SDK. Each entry names the AWS page it comes from; scripts/catalog.ts folds them into the catalog.

/**
 * Event sources by botocore model name, where CloudTrail's `eventSource` is neither the model's signing name nor
 * (without one) its endpoint prefix. CloudTrail names an event source after the signing name in almost every case
 * (`ses` for the `email` endpoint, `s3` for S3 Control, `dynamodb` for DynamoDB Streams, `bedrock` for
 * `bedrock-runtime`), so this table is short; a model listed with several sources is recorded under each.
 */
export const SOURCE_OVERRIDES: Readonly<Record<string, readonly string[]>> = {
  // The IAM Identity Center access portal (GetRoleCredentials, ListAccounts…) logs as sso.amazonaws.com
  // (IAM Identity Center User Guide, "Logging IAM Identity Center API calls with AWS CloudTrail").
  sso: ['sso'],
  // AppRegistry signs as servicecatalog but records servicecatalog-appregistry.amazonaws.com (Service Catalog
  // Administrator Guide, "Logging AWS Service Catalog AppRegistry API calls using AWS CloudTrail").
  'servicecatalog-appregistry': ['servicecatalog-appregistry'],
  // The newer Marketplace APIs sign as aws-marketplace; their records read the endpoint's name
  // (agreement-marketplace.amazonaws.com, discovery-marketplace.amazonaws.com in TrailDiscover's event
  // catalog, adanalvarez/TrailDiscover docs/events.json): both are kept.
  'marketplace-agreement': ['agreement-marketplace', 'aws-marketplace'],
  'marketplace-deployment': ['deployment-marketplace', 'aws-marketplace'],
  'marketplace-discovery': ['discovery-marketplace', 'aws-marketplace'],
  'marketplace-reporting': ['reporting-marketplace', 'aws-marketplace'],
  // Pinpoint signs as mobiletargeting; its CloudTrail page shows pinpoint.amazonaws.com: both are kept.
  pinpoint: ['pinpoint', 'mobiletargeting']
}

/**
 * Services with no SDK model whose IAM actions are their console's API calls, recorded under
 * `<prefix>.amazonaws.com`: the IAM Identity Center directory (IAM Identity Center User Guide, "Identity store
 * operations" in CloudTrail: `CreateUser`, `AddMemberToGroup`… under sso-directory.amazonaws.com, as TrailDiscover's
 * event catalog and Datadog Security Labs' incident write-ups show).
 */
export const IAM_PREFIX_SOURCES: readonly string[] = ['sso-directory']

/**
 * Lambda records most operations of its 2015–2018 API versions under a versioned event name. From the Lambda
 * Developer Guide, "Logging AWS Lambda API calls using AWS CloudTrail" (which lists e.g.
 * `UpdateFunctionCode20150331v2`, `CreateFunction20150331`, `PublishLayerVersion20181031`,
 * `TagResource20170331v2`), completed with the versioned operation names of Lambda's own API model for the
 * operations that page leaves out. Operations of later API versions keep their plain names. A Lambda operation
 * of a 2015–2018 URI that is not in this table stops the script, so a new one is classified by hand.
 */
export const LAMBDA_EVENT_NAMES: Readonly<Record<string, string>> = {
  AddLayerVersionPermission: 'AddLayerVersionPermission20181031',
  AddPermission: 'AddPermission20150331v2',
  CreateAlias: 'CreateAlias20150331',
  CreateEventSourceMapping: 'CreateEventSourceMapping20150331',
  CreateFunction: 'CreateFunction20150331',
  DeleteAlias: 'DeleteAlias20150331',
  DeleteEventSourceMapping: 'DeleteEventSourceMapping20150331',
  DeleteFunction: 'DeleteFunction20150331',
  DeleteFunctionConcurrency: 'DeleteFunctionConcurrency20171031',
  DeleteLayerVersion: 'DeleteLayerVersion20181031',
  GetAccountSettings: 'GetAccountSettings20160819',
  GetAlias: 'GetAlias20150331',
  GetEventSourceMapping: 'GetEventSourceMapping20150331',
  GetFunction: 'GetFunction20150331v2',
  GetFunctionConfiguration: 'GetFunctionConfiguration20150331v2',
  GetLayerVersion: 'GetLayerVersion20181031',
  GetLayerVersionByArn: 'GetLayerVersionByArn20181031',
  GetLayerVersionPolicy: 'GetLayerVersionPolicy20181031',
  GetPolicy: 'GetPolicy20150331v2',
  ListAliases: 'ListAliases20150331',
  ListEventSourceMappings: 'ListEventSourceMappings20150331',
  ListFunctions: 'ListFunctions20150331',
  ListLayerVersions: 'ListLayerVersions20181031',
  ListLayers: 'ListLayers20181031',
  ListTags: 'ListTags20170331',
  ListVersionsByFunction: 'ListVersionsByFunction20150331',
  PublishLayerVersion: 'PublishLayerVersion20181031',
  PublishVersion: 'PublishVersion20150331',
  PutFunctionConcurrency: 'PutFunctionConcurrency20171031',
  RemoveLayerVersionPermission: 'RemoveLayerVersionPermission20181031',
  RemovePermission: 'RemovePermission20150331v2',
  TagResource: 'TagResource20170331v2',
  UntagResource: 'UntagResource20170331v2',
  UpdateAlias: 'UpdateAlias20150331',
  UpdateEventSourceMapping: 'UpdateEventSourceMapping20150331',
  UpdateFunctionCode: 'UpdateFunctionCode20150331v2',
  UpdateFunctionConfiguration: 'UpdateFunctionConfiguration20150331v2'
}
/** Data events that keep their plain names (`Invoke` is the data event CloudTrail documents). */
export const LAMBDA_PLAIN = new Set(['Invoke', 'InvokeAsync'])

/**
 * S3 operations CloudTrail records under another name, from the S3 User Guide, "Amazon S3 CloudTrail events"
 * (bucket-level and account-level actions). Bucket-level public access block calls are `…BucketPublicAccessBlock`;
 * the account-level ones (S3 Control) are `…AccountPublicAccessBlock`.
 */
export const S3_EVENT_NAMES: Readonly<Record<string, readonly string[]>> = {
  GetBucketLifecycleConfiguration: ['GetBucketLifecycle'],
  PutBucketLifecycleConfiguration: ['PutBucketLifecycle'],
  GetBucketNotificationConfiguration: ['GetBucketNotification'],
  PutBucketNotificationConfiguration: ['PutBucketNotification'],
  DeletePublicAccessBlock: ['DeleteBucketPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
  GetPublicAccessBlock: ['GetBucketPublicAccessBlock', 'GetAccountPublicAccessBlock'],
  PutPublicAccessBlock: ['PutBucketPublicAccessBlock', 'PutAccountPublicAccessBlock']
}
/**
 * Events that are no API operation of any SDK model, by event source (without `.amazonaws.com`), each list from
 * the AWS page named above it. Names are written as CloudTrail records them (CloudShell's guide lists
 * `createEnvironment`; its records and every detection rule read `CreateEnvironment`).
 */
export const DOCUMENTED_EVENTS: Readonly<Record<string, readonly string[]>> = {
  // Bedrock model access granted from the console: in the delivered records of Stratus Red Team's
  // aws.impact.bedrock-invoke-model detonation (DataDog/stratus-red-team docs/attack-techniques/AWS).
  bedrock: ['PutFoundationModelEntitlement'],
  // CloudShell User Guide, "Logging and monitoring in AWS CloudShell" (no public SDK API).
  cloudshell: [
    'CreateEnvironment',
    'CreateSession',
    'DeleteEnvironment',
    'DeleteSession',
    'GetEnvironmentStatus',
    'GetFileDownloadUrls',
    'GetFileUploadUrls',
    'GetLayout',
    'PutCredentials',
    'RedeemCode',
    'SendHeartBeat',
    'StartEnvironment',
    'StopEnvironment',
    'UpdateLayout'
  ],
  // EBS User Guide, shared snapshots: service events in the account a snapshot was shared with.
  ec2: ['SharedSnapshotCopyInitiated', 'SharedSnapshotVolumeCreated'],
  // KMS Developer Guide, "Logging AWS KMS API calls with AWS CloudTrail": service events of automatic
  // rotation, expired imported key material and the end of a scheduled deletion (CloudTrail User Guide, "AWS
  // service events", shows RotateKey).
  kms: ['DeleteExpiredKeyMaterial', 'DeleteKey', 'RotateKey'],
  // Lambda Developer Guide, "Logging AWS Lambda API calls using AWS CloudTrail": event names carry the API date
  // ("such as GetFunction20150331"); records written before the v2 names read without the suffix, as the
  // test events of panther-analysis's aws_backdoor_lambda_function and aws_overwrite_lambda_code rules show.
  lambda: [
    'AddPermission20150331',
    'GetFunction20150331',
    'GetFunctionConfiguration20150331',
    'GetPolicy20150331',
    'RemovePermission20150331',
    'TagResource20170331',
    'UntagResource20170331',
    'UpdateFunctionCode20150331',
    'UpdateFunctionConfiguration20150331'
  ],
  // Organizations User Guide, "Logging AWS Organizations API calls with AWS CloudTrail": the service event that
  // ends an asynchronous CreateAccount.
  organizations: ['CreateAccountResult'],
  // S3 User Guide, "Amazon S3 CloudTrail events": browser uploads (POST Object); "Tracking S3 Batch Operations
  // jobs with CloudTrail": the service events of a Batch Operations job.
  s3: ['JobCreated', 'JobStatusChanged', 'PostObject'],
  // CloudTrail User Guide, "AWS Management Console sign-in events" (ConsoleLogin, CheckMfa, the role switches,
  // the federation endpoint's GetSigninToken, password recovery) and the IAM Identity Center sign-in events
  // (CredentialChallenge, CredentialVerification, UserAuthentication).
  signin: [
    'CheckMfa',
    'ConsoleLogin',
    'CredentialChallenge',
    'CredentialVerification',
    'ExitRole',
    'GetSigninToken',
    'PasswordRecoveryCompleted',
    'PasswordRecoveryRequested',
    'RenewRole',
    'SwitchRole',
    'UserAuthentication'
  ],
  // IAM Identity Center User Guide, "IAM Identity Center console API operations" and "AWS access portal
  // operations" in CloudTrail: calls the console and the portal make that no SDK has.
  sso: [
    'AssociateDirectory',
    'Authenticate',
    'DisableExternalIdPConfigurationForDirectory',
    'DisassociateDirectory',
    'EnableExternalIdPConfigurationForDirectory',
    'Federate',
    'ListApplications',
    'ListProfilesForApplication',
    'Logout'
  ]
}
