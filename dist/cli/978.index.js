export const id = 978;
export const ids = [978];
export const modules = {

/***/ 2978:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AthenaSource: () => (/* binding */ AthenaSource)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-cjs/index.js
var dist_cjs = __webpack_require__(6542);
// EXTERNAL MODULE: ./src/core/coverage.ts
var coverage = __webpack_require__(7989);
// EXTERNAL MODULE: ./src/core/constants.ts
var constants = __webpack_require__(6214);
// EXTERNAL MODULE: ./src/core/dates.ts
var dates = __webpack_require__(194);
// EXTERNAL MODULE: ./src/core/delivery.ts
var core_delivery = __webpack_require__(7847);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/aws/retry.ts
var retry = __webpack_require__(2495);
;// CONCATENATED MODULE: ./src/sources/athena/call.ts

const DEFAULT_CALL_POLICY = { maxThrottleRetries: 8, maxErrorRetries: 4 };

const PERMISSIONS = 'The credentials need athena:StartQueryExecution, GetQueryExecution, GetQueryResults, StopQueryExecution, ' +
    'glue:GetTable, read on the trail bucket and write on the query result location.';
/** Calls `send` until it answers, or throws a SourceFailure naming `what` failed and why. */
function call(what, send, deps) {
    return (0,retry/* retrying */.R$)(send, {
        ...deps,
        words: {
            throttled: (count, error) => `${what} was throttled ${count} times in a row (${(0,retry/* describeError */.Uc)(error)})`,
            transient: (reason, count) => `${what}: ${reason}, ${count} attempts`,
            fatal: (disposition, error) => disposition.code === 'access-denied'
                ? `${what} was denied (${(0,retry/* describeError */.Uc)(error)}). ${PERMISSIONS}`
                : disposition.code === 'credentials' || disposition.code === 'bad-response'
                    ? disposition.reason
                    : `${what} failed (${(0,retry/* describeError */.Uc)(error)})`
        }
    });
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-athena/dist-cjs/index.js
var client_athena_dist_cjs = __webpack_require__(2204);
// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-cjs/index.js
var node_http_handler_dist_cjs = __webpack_require__(1279);
// EXTERNAL MODULE: ./src/aws/answer-check.ts
var answer_check = __webpack_require__(6354);
// EXTERNAL MODULE: ./src/aws/clients.ts
var aws_clients = __webpack_require__(201);
// EXTERNAL MODULE: ./src/aws/own-requests.ts
var own_requests = __webpack_require__(6532);
;// CONCATENATED MODULE: ./src/sources/athena/clients.ts






/** Far above a result page of 1,000 rows, far below what would hurt the runner. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
/** Every Athena and Glue answer must be a JSON answer (aws/answer-check.ts): never a login page read as empty. */
function answerCheck(service, env) {
    return (operation, status, headers, body) => {
        (0,answer_check/* checkAnswer */.dG)(status, headers, body, {
            what: service === 'Glue' ? `Glue ${operation}` : operation,
            service,
            expected: `an answer to ${operation}`,
            hint: `is AWS_ENDPOINT_URL_${env} pointing at ${service}?`
        });
    };
}
/**
 * Real clients with the SDK's own retries off (the source retries each call itself, within the scan's deadline).
 * `AWS_ENDPOINT_URL_ATHENA` and `AWS_ENDPOINT_URL_GLUE` are honoured by the SDK (the emulator relies on them).
 */
function athenaClientFactory(options) {
    return region => {
        const common = {
            ...(0,aws_clients/* sdkOptions */.rY)(region, options),
            requestHandler: new node_http_handler_dist_cjs.NodeHttpHandler((0,aws_clients/* httpOptions */.$3)(options))
        };
        const clients = { athena: new client_athena_dist_cjs/* AthenaClient */.T7g(common), glue: new dist_cjs/* GlueClient */.lPz(common) };
        (0,aws_clients/* addAnswerCheck */.ke)(clients.athena, answerCheck('Athena', 'ATHENA'), MAX_ANSWER_BYTES);
        (0,aws_clients/* addAnswerCheck */.ke)(clients.glue, answerCheck('Glue', 'GLUE'), MAX_ANSWER_BYTES);
        if (options.own) {
            (0,own_requests/* recordOwnRequests */.O)(clients.athena, options.own);
            (0,own_requests/* recordOwnRequests */.O)(clients.glue, options.own);
        }
        return clients;
    };
}

;// CONCATENATED MODULE: ./src/sources/athena/glue-table.ts


// A Glue table as GetTable sent it, checked where the source reads it: the SDK passes any JSON through, and a
// `Columns` that is not a list, or a view whose SQL may leave out any event, must not become a clean verdict.
function bad(name, what, value, expected) {
    return new errors/* SourceFailure */.oi('bad-response', `Glue GetTable returned ${name} with ${what} that is ${(0,answer_check/* kindOf */.I)(value)}, not ${expected}`);
}
function checkColumns(name, what, value, required) {
    if (value === undefined || value === null) {
        if (required)
            throw bad(name, what, value, 'a list of columns');
        return;
    }
    if (!Array.isArray(value))
        throw bad(name, what, value, 'a list of columns');
    for (const column of value) {
        const columnName = typeof column === 'object' && column !== null ? column.Name : column;
        if (typeof columnName !== 'string')
            throw bad(name, `a column in ${what}`, column, 'a named column');
    }
}
/** The table, checked; a view or a malformed definition throws a SourceFailure before any query. */
function checkTable(table, name) {
    if (typeof table !== 'object' || table === null || Array.isArray(table)) {
        throw new errors/* SourceFailure */.oi('other', `Glue GetTable returned no table for ${name}`);
    }
    const t = table;
    if (t['TableType'] === 'VIRTUAL_VIEW' || t['ViewOriginalText'] !== undefined) {
        throw new errors/* SourceFailure */.oi('not-covered', `${name} is a view: its SQL may leave out any event, so an empty answer proves nothing. Set athena-table ` +
            'to the CloudTrail table the view reads');
    }
    const storage = t['StorageDescriptor'];
    if (typeof storage !== 'object' || storage === null || Array.isArray(storage)) {
        throw bad(name, 'a StorageDescriptor', storage, 'an object');
    }
    const sd = storage;
    checkColumns(name, 'StorageDescriptor.Columns', sd['Columns'], true);
    checkColumns(name, 'PartitionKeys', t['PartitionKeys'], false);
    const location = sd['Location'];
    if (location !== undefined && typeof location !== 'string')
        throw bad(name, 'a Location', location, 'a string');
    const parameters = t['Parameters'];
    if (parameters !== undefined) {
        if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
            throw bad(name, 'Parameters', parameters, 'a map of strings');
        }
        for (const value of Object.values(parameters)) {
            if (typeof value !== 'string')
                throw bad(name, 'a parameter', value, 'a string');
        }
    }
    return table;
}

// EXTERNAL MODULE: ./src/core/bounded.ts
var bounded = __webpack_require__(926);
;// CONCATENATED MODULE: ./src/sources/athena/holds.ts



const DAY_MS = 86_400_000;
/** Events of a range's last day may be delivered into the next day's folder: this close to midnight they count as not held. */
const LAST_DAY_MARGIN_MS = 60 * 60_000;
function segmentOf(part) {
    if (part === undefined || part === '')
        return { kind: 'none' };
    const key = /^\$\{([a-z_]+)\}$/.exec(part);
    return key?.[1] !== undefined ? { kind: 'key', key: key[1] } : { kind: 'value', value: part };
}
/** The account and Region parts of a trail path: `…/AWSLogs/[o-…/]<account>/CloudTrail/<region>/…`. */
function layout(path) {
    const parts = path.replace(/^s3:\/\/[^/]*\//, '').split('/');
    const at = parts.indexOf('AWSLogs');
    if (at < 0)
        return undefined;
    let i = at + 1;
    if (/^o-[a-z0-9]{10,32}$/.test(parts[i] ?? ''))
        i += 1;
    const account = segmentOf(parts[i]);
    const region = parts[i + 1] === 'CloudTrail' ? segmentOf(parts[i + 2]) : { kind: 'none' };
    return { account, region };
}
/** The Region folder a location is, when it names one: `…/CloudTrail/us-east-1/2025/03/02/` → us-east-1. */
function regionFolderOf(location) {
    const region = location === undefined ? undefined : layout(location)?.region;
    return region?.kind === 'value' ? region.value : undefined;
}
function parseDay(text, format) {
    if (text === undefined)
        return undefined;
    const at = (token) => format.indexOf(token);
    const [y, m, d] = [at('yyyy'), at('MM'), at('dd')];
    if (y < 0 || m < 0 || d < 0)
        return undefined;
    const ms = Date.UTC(Number(text.slice(y, y + 4)), Number(text.slice(m, m + 2)) - 1, Number(text.slice(d, d + 2)));
    return Number.isFinite(ms) ? new Date(ms) : undefined;
}
/** The values one dimension can take: a literal path segment, a key's projected enum, or any. */
function values(segment, key, partitioning, parameters, where) {
    if (segment?.kind === 'value')
        return { values: [segment.value], why: `the ${key} folder of ${where}` };
    if (!partitioning.keys.includes(key))
        return { values: 'any', why: `no ${key} key` };
    const type = (parameters[`projection.${key}.type`] ?? '').toLowerCase();
    if (/^true$/i.test(parameters['projection.enabled'] ?? '') && type === 'enum') {
        const list = (parameters[`projection.${key}.values`] ?? '').split(',').map(v => v.trim());
        return { values: list.filter(v => v !== ''), why: `projection.${key}.values` };
    }
    return { values: 'any', why: `its ${key} key` };
}
function tableHolds(table, partitioning) {
    const parameters = table.Parameters ?? {};
    const projected = /^true$/i.test(parameters['projection.enabled'] ?? '');
    const template = projected ? parameters['storage.location.template'] : undefined;
    const location = table.StorageDescriptor?.Location ?? '';
    const warnings = [];
    const path = layout(template ?? location);
    if (path === undefined && location !== '') {
        warnings.push(`The table's location ${(0,bounded/* clip */.$Q)(location, 200)} is not a trail's AWSLogs/ layout: which accounts and ` +
            'Regions it holds cannot be told from it.');
    }
    // With projection, Athena reads the files of storage.location.template, whatever LOCATION says.
    const where = template === undefined ? 'its LOCATION' : 'its storage.location.template';
    const accounts = values(path?.account, 'account', partitioning, parameters, where);
    const regions = values(path?.region, 'region', partitioning, parameters, where);
    const format = parameters['projection.timestamp.format'] ?? 'yyyy/MM/dd';
    const [first, last] = (parameters['projection.timestamp.range'] ?? '').split(',').map(p => p.trim());
    const dayKey = projected && partitioning.day?.kind === 'timestamp';
    const from = dayKey ? parseDay(first, format) : undefined;
    const lastDay = dayKey && last !== undefined && !/^NOW/i.test(last) ? parseDay(last, format) : undefined;
    if (!projected && partitioning.keys.length > 0) {
        warnings.push('The table registers its partitions by hand (no partition projection): a day or Region whose partition ' +
            'was not added is not read. Partition projection avoids this.');
    }
    return {
        projected,
        accounts: accounts.values,
        regions: regions.values,
        from,
        to: lastDay && new Date(lastDay.getTime() + DAY_MS - LAST_DAY_MARGIN_MS),
        why: {
            accounts: accounts.why,
            regions: regions.why,
            days: `projection.timestamp.range ${(0,bounded/* clip */.$Q)(parameters['projection.timestamp.range'] ?? '', 60)}`
        },
        warnings
    };
}
function holds(list, value) {
    return list === 'any' || value === coverage/* ANY */.x4 || list.includes(value);
}
/** The part of a slice's window the table can hold (undefined: none of it). */
function heldWindow(h, window) {
    const start = h.from && h.from > window.start ? h.from : window.start;
    const end = h.to && h.to < window.end ? h.to : window.end;
    return start <= end ? { start, end } : undefined;
}
/**
 * Why the table cannot hold (part of) a slice, with the fix; undefined when it holds all of it. `identityAccount`:
 * an ARN identity's account, whose trail records the identity's events — a table without it cannot answer.
 */
function cannotHold(h, slice, table, identityAccount) {
    const where = { account: slice.account, region: slice.region };
    if (identityAccount !== undefined && slice.account === coverage/* ANY */.x4 && !holds(h.accounts, identityAccount)) {
        return {
            ...where,
            reason: `the Athena table ${table} cannot hold account ${identityAccount}, whose trail records the identity's ` +
                `events (${h.why.accounts}: ${(0,bounded/* listSome */.XT)(h.accounts === 'any' ? [] : h.accounts)}): use a table over ` +
                "that account's files"
        };
    }
    if (!holds(h.accounts, slice.account)) {
        return {
            ...where,
            reason: `the Athena table ${table} cannot hold account ${slice.account} (${h.why.accounts}: ` +
                `${(0,bounded/* listSome */.XT)(h.accounts === 'any' ? [] : h.accounts)}): add it, or use a table over the account's files`
        };
    }
    if (!holds(h.regions, slice.region)) {
        const what = slice.globalOnly
            ? `${constants/* GLOBAL_REGION */.ju}, where global-service events (IAM, STS…) are recorded`
            : slice.region;
        return {
            ...where,
            reason: `the Athena table ${table} cannot hold ${what} (${h.why.regions}: ` +
                `${(0,bounded/* listSome */.XT)(h.regions === 'any' ? [] : h.regions)}): add the Region to the table, or use a table over ` +
                "every Region of the trail's files"
        };
    }
    const held = heldWindow(h, slice.window);
    if (held === undefined || held.start > slice.window.start || held.end < slice.window.end) {
        return {
            ...where,
            reason: `the Athena table ${table} cannot hold the whole window (${h.why.days}): widen the table's ` +
                'projection range to cover it'
        };
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/aws/pages.ts
var aws_pages = __webpack_require__(701);
;// CONCATENATED MODULE: ./src/sources/athena/manual.ts







// A table whose partitions are registered by hand (no projection) holds exactly the partitions Glue lists: a day
// or a Region nobody added is not read, whatever the trail wrote. So for such a table every day of the window, in
// every Region asked, must have a partition whose files are that Region's — else that part is not covered. A quiet
// Region may have no files on a day; the message says so, and the fix (partition projection) ends the question.
const manual_DAY_MS = 86_400_000;
/** Pages of partitions read at most (1,000 each by default): years of Regions and days. */
const MAX_PAGES = 200;
function dayOf(ms) {
    return new Date(ms).toISOString().slice(0, 10);
}
/** Every UTC day the window touches, `YYYY-MM-DD`. */
function daysOf(start, end) {
    const days = [];
    for (let t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()); t <= end.getTime(); t += manual_DAY_MS) {
        days.push(dayOf(t));
    }
    return days;
}
/**
 * The (Region, day) pairs whose partition Glue lists and whose files are that Region's; `elsewhere` collects the
 * partitions named for one Region whose Location is another's.
 */
function registered(partitions, keys, elsewhere) {
    const at = (key) => keys.indexOf(key);
    const [region, year, month, day] = [at('region'), at('year'), at('month'), at('day')];
    const held = new Set();
    for (const partition of partitions) {
        const values = partition.Values ?? [];
        const r = values[region];
        if (r === undefined)
            continue;
        const date = `${values[year] ?? ''}-${(values[month] ?? '').padStart(2, '0')}-${(values[day] ?? '').padStart(2, '0')}`;
        // Athena reads a partition's own Location: a partition named eu-west-1 over us-east-1's folder holds us-east-1.
        const folder = regionFolderOf(partition.StorageDescriptor?.Location);
        if (folder !== undefined && folder !== r) {
            elsewhere.push(`${r} ${date} reads ${folder}'s folder`);
            continue;
        }
        held.add(`${r}|${date}`);
    }
    return held;
}
async function listPartitions(glue, settings, deps) {
    const all = [];
    const fetch = (token) => call('Glue GetPartitions', signal => glue.send(new dist_cjs/* GetPartitionsCommand */.fr1({
        DatabaseName: settings.database,
        TableName: settings.table,
        ...(token !== undefined && { NextToken: token })
    }), { abortSignal: signal }), deps);
    let pages = 0;
    for await (const page of (0,aws_pages/* paginate */.E)(fetch, p => p.NextToken || undefined, new aws_pages/* TokenGuard */.N('Glue GetPartitions'))) {
        const partitions = page.Partitions;
        if (!Array.isArray(partitions)) {
            throw new errors/* SourceFailure */.oi('bad-response', 'Glue GetPartitions answered with no Partitions list');
        }
        all.push(...partitions);
        if (++pages >= MAX_PAGES)
            break;
    }
    return all;
}
/**
 * What a manual table cannot hold of the slices: each Region asked, each day of the window. Throws nothing for
 * a denied listing: the slices are then not covered, saying which permission would tell.
 */
async function manualGaps(slices, partitioning, table, deps) {
    if (!partitioning.keys.includes('region') || partitioning.day?.kind !== 'year-month-day')
        return [];
    let partitions;
    try {
        partitions = await listPartitions(table.glue, table.settings, deps);
    }
    catch (error) {
        if (!(error instanceof errors/* SourceFailure */.oi))
            throw error;
        const reason = `the partitions of ${table.name} cannot be listed (${(0,bounded/* quote */.hD)(error.reason)}): without glue:GetPartitions the ` +
            'gate cannot tell which days and Regions the table holds';
        return slices.map(s => ({ account: s.account, region: s.region, reason }));
    }
    const elsewhere = [];
    const held = registered(partitions, partitioning.keys, elsewhere);
    const regionsWithAny = new Set([...held].map(k => k.split('|')[0]));
    return slices.flatMap(slice => {
        if (slice.region === coverage/* ANY */.x4 && regionsWithAny.size === 0) {
            return [
                { account: slice.account, region: slice.region, reason: `${table.name} has no partition registered` }
            ];
        }
        const regions = slice.region === coverage/* ANY */.x4 ? [...regionsWithAny] : [slice.region];
        const missing = regions.flatMap(region => daysOf(slice.window.start, slice.window.end)
            .filter(day => !held.has(`${region}|${day}`))
            .map(day => `${region} ${day}`));
        if (missing.length === 0)
            return [];
        const reason = `${table.name} registers its partitions by hand, and has none for ${(0,bounded/* listSome */.XT)(missing, 5)}: a Region with no ` +
            'events that day has no files, but any file the trail wrote there is not read. Register the partitions ' +
            '(MSCK REPAIR TABLE, ALTER TABLE ADD PARTITION) or use partition projection' +
            (elsewhere.length > 0 ? ` (the partition of ${(0,bounded/* listSome */.XT)(elsewhere, 3)})` : '');
        return [{ account: slice.account, region: slice.region, reason }];
    });
}

;// CONCATENATED MODULE: ./src/sources/athena/cost.ts
// Athena's list price: $5 per TB scanned, each query rounded up to the megabyte with a 10 MB minimum. A failed or
// cancelled query is billed for what it had scanned. AWS bills in binary units (1 TB = 1,024 GB = 2^40 bytes).
const PRICE_PER_TB_USD = 5;
const MB = 2 ** 20;
const TB = 2 ** 40;
const MINIMUM_BILLED_BYTES = 10 * MB;
/** The bytes Athena bills for a query that scanned `bytes`. */
function billedBytes(bytes) {
    return Math.max(MINIMUM_BILLED_BYTES, Math.ceil(Math.max(0, bytes) / MB) * MB);
}
/** Estimated cost in US dollars of a query that scanned `bytes`. */
function estimatedCostUsd(bytes) {
    return (billedBytes(bytes) / TB) * PRICE_PER_TB_USD;
}
/** `1.23 GB`, `512 KB`, `0 B`: binary units, as the bill counts them. */
function formatBytes(bytes) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
    let value = Math.max(0, bytes);
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit += 1;
    }
    return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
/** `$0.0001`, `$1.25`: enough digits that a small query does not read as free. */
function formatUsd(usd) {
    return usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toPrecision(2)}`;
}

// EXTERNAL MODULE: ./src/core/scope.ts
var scope = __webpack_require__(3203);
;// CONCATENATED MODULE: ./src/sources/athena/table.ts
/** A `projection.timestamp.format` whose string order is time order: yyyy, then MM, then dd, with separators. */
const ORDERED_DAY_FORMAT = /^yyyy([^a-zA-Z0-9']?)MM\1dd$/;
function names(columns) {
    return (columns ?? []).map(c => (c.Name ?? '').toLowerCase());
}
function sizeOf(parameters) {
    for (const key of ['totalSize', 'sizeKey']) {
        const value = Number(parameters[key]);
        if (parameters[key] !== undefined && Number.isSafeInteger(value) && value >= 0)
            return value;
    }
    return undefined;
}
function dayKeys(keys, parameters) {
    if (keys.includes('timestamp')) {
        const format = parameters['projection.timestamp.format'] ?? 'yyyy/MM/dd';
        return ORDERED_DAY_FORMAT.test(format) ? { kind: 'timestamp', format } : undefined;
    }
    if (keys.includes('year') && keys.includes('month') && keys.includes('day'))
        return { kind: 'year-month-day' };
    return undefined;
}
function readPartitioning(table) {
    const parameters = table.Parameters ?? {};
    const keys = names(table.PartitionKeys);
    const day = dayKeys(keys, parameters);
    const bounded = new Set(['region', 'account']);
    if (day?.kind === 'timestamp')
        bounded.add('timestamp');
    if (day?.kind === 'year-month-day')
        for (const key of ['year', 'month', 'day'])
            bounded.add(key);
    const projected = /^true$/i.test(parameters['projection.enabled'] ?? '');
    const injected = new Set(keys.filter(key => projected && (parameters[`projection.${key}.type`] ?? '').toLowerCase() === 'injected'));
    return {
        keys,
        day,
        region: keys.includes('region'),
        account: keys.includes('account'),
        injected,
        unbounded: keys.filter(key => !bounded.has(key)),
        sizeBytes: sizeOf(parameters),
        columns: new Set([...names(table.StorageDescriptor?.Columns), ...keys])
    };
}
/** `yyyy/MM/dd` (or the table's own ordered format) for a UTC day. */
function formatDay(date, format) {
    const yyyy = String(date.getUTCFullYear()).padStart(4, '0');
    const MM = String(date.getUTCMonth() + 1).padStart(2, '0');
    const dd = String(date.getUTCDate()).padStart(2, '0');
    return format.replace('yyyy', yyyy).replace('MM', MM).replace('dd', dd);
}

;// CONCATENATED MODULE: ./src/sources/athena/partitions.ts




// Bounds on partition keys, so Athena reads only the files that can hold the window's events. Files are foldered
// by *delivery* day, and an event can be delivered the day after it happened (or, with clock skew, the day before),
// so the day bounds reach one day past each end. Pure.
const partitions_DAY_MS = 86_400_000;
/** The Regions whose folders can hold the query's events (the slices'); undefined: every Region of the table. */
function regionScope(query) {
    if (query.regions.length === 0)
        return undefined;
    return [...query.regions, ...((0,scope/* readsGlobalRegion */.Jc)(query) ? [constants/* GLOBAL_REGION */.ju] : [])];
}
/**
 * The accounts whose folders are read: the account scope, never the identity's ARN (an identity's events can be
 * recorded in another account's folder of an organization trail, and the judge counts them). Undefined: every
 * account the table holds (no `accounts`, or `organization`: one query reads every account of the table).
 */
function accountScope(query) {
    return query.accounts?.kind === 'list' ? [...query.accounts.ids] : undefined;
}
function ymd(date) {
    return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}
function equalsAny(key, values, params) {
    return values.length === 1
        ? `"${key}" = ${params.string(values[0] ?? '')}`
        : `"${key}" IN (${params.strings(values)})`;
}
function partitionBounds(query, partitioning, params) {
    const conditions = [];
    const described = [];
    const warnings = [];
    const first = new Date(query.window.start.getTime() - partitions_DAY_MS);
    const last = new Date(query.window.end.getTime() + partitions_DAY_MS);
    const day = partitioning.day;
    if (day?.kind === 'timestamp') {
        const from = formatDay(first, day.format);
        const to = formatDay(last, day.format);
        conditions.push(`"timestamp" BETWEEN ${params.string(from)} AND ${params.string(to)}`);
        described.push(`timestamp ${from} to ${to}`);
    }
    else if (day?.kind === 'year-month-day') {
        // Compared as numbers, so a partition added as month='1' rather than '01' is still inside the bounds.
        const year = (key, scale) => `CAST("${key}" AS INTEGER) * ${scale}`;
        conditions.push(`${year('year', 10_000)} + ${year('month', 100)} + CAST("day" AS INTEGER) BETWEEN ` +
            `${params.integer(ymd(first))} AND ${params.integer(ymd(last))}`);
        described.push(`year/month/day ${formatDay(first, 'yyyy/MM/dd')} to ${formatDay(last, 'yyyy/MM/dd')}`);
    }
    const regions = regionScope(query);
    if (partitioning.region && regions) {
        conditions.push(equalsAny('region', regions, params));
        described.push(`region in ${regions.join(', ')}`);
    }
    const accounts = accountScope(query);
    if (partitioning.account && accounts) {
        conditions.push(equalsAny('account', accounts, params));
        described.push(`account in ${accounts.join(', ')}`);
    }
    if (partitioning.keys.length === 0) {
        warnings.push('The Athena table has no partition keys: every query scans (and is billed for) the whole table.');
    }
    else if (!day) {
        warnings.push(`The Athena table's partition keys (${(0,bounded/* listSome */.XT)(partitioning.keys)}) have no day ` +
            '(timestamp, or year/month/day): the query reads every day of the trail.');
    }
    // Key names come from Glue: bounded like any server text, and a few at most.
    const unbounded = partitioning.unbounded;
    if (unbounded.length > 0) {
        const which = unbounded.length === 1 ? 'key' : 'keys';
        warnings.push(`Partition ${which} ${(0,bounded/* listSome */.XT)(unbounded, 5)} not bounded: every value is read.`);
    }
    return { conditions, described, warnings };
}
/** Keys Athena will refuse to query unbound (projection type `injected`) that this query cannot bind. */
function unboundInjected(query, partitioning) {
    return [...partitioning.injected].filter(key => !((key === 'region' && regionScope(query)) || (key === 'account' && accountScope(query))));
}

;// CONCATENATED MODULE: ./src/sources/athena/literal.ts
// Values reach Athena as ExecutionParameters, which are SQL literals: a string keeps its quotes and doubles every
// quote inside ("O'Brien" → 'O''Brien'), so no input can end the literal and add SQL of its own.
/** Athena takes at most 1,024 characters a parameter. */
const MAX_PARAMETER_LENGTH = 1024;
function stringLiteral(value) {
    return `'${value.replace(/'/g, "''")}'`;
}
function integerLiteral(value) {
    if (!Number.isSafeInteger(value))
        throw new RangeError(`not an integer: ${value}`);
    return String(value);
}
/** Collects literals in the order of their `?` placeholders. */
class Parameters {
    values = [];
    /** A `?` for a string value. */
    string(value) {
        const literal = stringLiteral(value);
        if (literal.length > MAX_PARAMETER_LENGTH) {
            throw new RangeError(`a value of ${value.length} characters is longer than Athena allows in a query parameter`);
        }
        this.values.push(literal);
        return '?';
    }
    integer(value) {
        this.values.push(integerLiteral(value));
        return '?';
    }
    /** `?, ?, ?` for a list of strings. */
    strings(values) {
        return values.map(v => this.string(v)).join(', ');
    }
    list() {
        return [...this.values];
    }
}

;// CONCATENATED MODULE: ./src/sources/athena/sql.ts



// One query for the whole scan. Every condition here only narrows what Athena sends back: each is implied by what
// the judge accepts, never the other way round, so the judge still decides every row (a wider WHERE costs rows, a
// narrower one would hide events). Every value from an input is a parameter; the SQL text holds only our own words
// and the validated table name. Kept to SQL that Athena (Trino) and DuckDB read the same way.
/** The columns of the result, in order: the header row must be exactly these. */
const COLUMNS = [
    'eventid',
    'eventtime',
    'eventname',
    'eventsource',
    'awsregion',
    'errorcode',
    'readonly',
    'sourceipaddress',
    'requestid',
    'useridentity_type',
    'useridentity_arn',
    'useridentity_accountid',
    'useridentity_username',
    'useridentity_principalid',
    'sessionissuer_type',
    'sessionissuer_arn',
    'sessionissuer_username',
    'resources'
];
const SELECT = {
    eventid: 'eventid',
    eventtime: 'eventtime',
    eventname: 'eventname',
    eventsource: 'eventsource',
    awsregion: 'awsregion',
    errorcode: 'errorcode',
    readonly: 'readonly',
    sourceipaddress: 'sourceipaddress',
    requestid: 'requestid',
    useridentity_type: 'useridentity.type',
    useridentity_arn: 'useridentity.arn',
    useridentity_accountid: 'useridentity.accountid',
    useridentity_username: 'useridentity.username',
    useridentity_principalid: 'useridentity.principalid',
    sessionissuer_type: 'useridentity.sessioncontext.sessionissuer.type',
    sessionissuer_arn: 'useridentity.sessioncontext.sessionissuer.arn',
    sessionissuer_username: 'useridentity.sessioncontext.sessionissuer.username',
    resources: 'resources'
};
/** Table columns the query reads: a table without them is not a CloudTrail table as AWS documents it. */
const REQUIRED_COLUMNS = [
    'eventid',
    'eventtime',
    'eventname',
    'eventsource',
    'awsregion',
    'errorcode',
    'readonly',
    'sourceipaddress',
    'requestid',
    'useridentity',
    'resources'
];
/** The identity's account where CloudTrail wrote it; a record without accountId falls to the judge (its ARN). */
function accountCondition(account, params) {
    return `(useridentity.accountid = ${params.string(account)} OR useridentity.accountid IS NULL)`;
}
/**
 * Narrows to rows that may be the identity's. A superset of what the judge accepts (see `usernameOf` and
 * `belongsTo`): a plain name is LookupEvents' Username, which is the IAM user name, the last part of an
 * assumed-role or federated user's ARN, `root` for the root user, or the userName of a web-identity or SAML
 * user (which may hold `/`, `%` and `_`: the exact `username =` term keeps those, and LIKE wildcards only widen).
 */
function identityCondition(identity, params) {
    switch (identity.kind) {
        case 'name': {
            const name = identity.name;
            const root = name === 'root' ? ` OR useridentity.type = 'Root'` : '';
            return (`(useridentity.username = ${params.string(name)} ` +
                `OR useridentity.arn LIKE ${params.string(`%/${name}`)}${root})`);
        }
        case 'iam-user':
            return (`useridentity.type = 'IAMUser' AND ${accountCondition(identity.account, params)} ` +
                `AND (useridentity.username = ${params.string(identity.name)} ` +
                `OR useridentity.arn LIKE ${params.string(`%/${identity.name}`)})`);
        case 'role':
            return (`useridentity.type = 'AssumedRole' AND ${accountCondition(identity.account, params)} ` +
                `AND (useridentity.sessioncontext.sessionissuer.username = ${params.string(identity.role)} ` +
                `OR useridentity.sessioncontext.sessionissuer.arn LIKE ${params.string(`%/${identity.role}`)})`);
        case 'role-session':
            return (`useridentity.type = 'AssumedRole' AND ${accountCondition(identity.account, params)} ` +
                `AND useridentity.arn LIKE ${params.string(`%:assumed-role/${identity.role}/${identity.session}%`)}`);
        case 'root':
            return `useridentity.type = 'Root' AND ${accountCondition(identity.account, params)}`;
        case 'federated-user':
            return (`useridentity.type = 'FederatedUser' AND ${accountCondition(identity.account, params)} ` +
                `AND useridentity.arn LIKE ${params.string(`%:federated-user/${identity.name}`)}`);
    }
}
/**
 * Exact event names (with their service when qualified). A wildcard is matched here, on every row of the identity:
 * any wildcard leaves the names out of WHERE (an OR with an open term would not narrow anything).
 */
function eventCondition(patterns, params) {
    if (patterns.length === 0 || patterns.some(p => !p.exact))
        return undefined;
    const terms = patterns.map(pattern => {
        // Placeholders are positional: each value is added in the order its `?` appears in the text.
        const source = pattern.source === undefined ? '' : `eventsource = ${params.string(pattern.source)} AND `;
        const name = `eventname = ${params.string(pattern.name)}`;
        return source === '' ? name : `(${source}${name})`;
    });
    return `(${terms.join(' OR ')})`;
}
function buildStatement(query, settings, partitioning) {
    const params = new Parameters();
    const partitions = partitionBounds(query, partitioning, params);
    // eventtime is a string such as 2024-01-05T10:00:00Z. The lower bound leaves out the zone, so a time written with
    // fractions of a second still compares inside; the judge then checks the exact instant.
    const start = (0,dates/* isoSeconds */.nE)(query.window.start).replace(/Z$/, '');
    const end = (0,dates/* isoSeconds */.nE)(query.window.end);
    const conditions = [
        ...partitions.conditions,
        `eventtime >= ${params.string(start)}`,
        `eventtime <= ${params.string(end)}`,
        identityCondition(query.identity, params)
    ];
    // An allow-list forbids every name outside it: WHERE may name no event then.
    const events = query.allowed.length > 0 ? undefined : eventCondition(query.patterns, params);
    if (events)
        conditions.push(events);
    const select = COLUMNS.map(c => (SELECT[c] === c ? c : `${SELECT[c]} AS ${c}`)).join(',\n  ');
    const sql = `SELECT\n  ${select}\nFROM "${settings.database}"."${settings.table}"\n` +
        `WHERE ${conditions.join('\n  AND ')}\n` +
        // Copies of one event arrive together, so counting each once needs no set of every id (see Evaluator).
        'ORDER BY eventid';
    return {
        sql,
        parameters: params.list(),
        bounds: partitions.described,
        warnings: partitions.warnings,
        everyEventOfIdentity: events === undefined
    };
}

;// CONCATENATED MODULE: ./src/sources/athena/prepare.ts






// Everything decided before a query starts (and so before Athena bills anything): is this a CloudTrail table, can
// the query bind what Athena will require, would it scan more than the cap allows, and the statement itself.
/** `table` has been checked (glue-table.ts). */
function prepare(query, settings, table) {
    const name = `${settings.database}.${settings.table}`;
    const partitioning = readPartitioning(table);
    const missing = REQUIRED_COLUMNS.filter(column => !partitioning.columns.has(column));
    if (missing.length > 0) {
        throw new errors/* SourceFailure */.oi('other', `${name} has no column ${missing.join(', ')}: it is not a CloudTrail table as AWS documents it ` +
            '(docs/athena.md has the CREATE TABLE statement)');
    }
    const injected = unboundInjected(query, partitioning);
    if (injected.length > 0) {
        throw new errors/* SourceFailure */.oi('other', `${name} projects ${(0,bounded/* listSome */.XT)(injected, 5)} as injected, so Athena needs a value for it: ` +
            (injected.includes('region')
                ? 'set the region input'
                : 'name the accounts to read (the accounts input)'));
    }
    const cap = settings.maxBytesScanned;
    // Only a table read whole has a known size: Glue keeps no sizes for projected partitions.
    if (cap !== undefined &&
        partitioning.keys.length === 0 &&
        partitioning.sizeBytes !== undefined &&
        partitioning.sizeBytes > cap) {
        throw new errors/* SourceFailure */.oi('bytes-limit', `${name} has no partition keys and Glue puts it at ${formatBytes(partitioning.sizeBytes)}, more than ` +
            `athena-max-bytes-scanned (${formatBytes(cap)}): the query was not started`);
    }
    try {
        return buildStatement(query, settings, partitioning);
    }
    catch (error) {
        throw new errors/* SourceFailure */.oi('other', error instanceof Error ? error.message : String(error));
    }
}

// EXTERNAL MODULE: ./src/core/record.ts
var record = __webpack_require__(4130);
;// CONCATENATED MODULE: ./src/sources/athena/rows.ts



// A result row as a TrailRecord, validated as strictly as a LookupEvents record: a row without an event id, a
// valid eventtime, an event name, an event source or a Region cannot be judged, and makes the scan incomplete.
const INDEX = Object.fromEntries(COLUMNS.map((name, i) => [name, i]));
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
function required(get, column, id) {
    const value = get(column);
    if (value === undefined || value === '')
        throw new record/* RecordError */.W1(`it has no ${column}`, id);
    return value;
}
function timeOf(text, id) {
    const ms = ISO_TIME.test(text) ? Date.parse(text) : NaN;
    if (!Number.isFinite(ms))
        throw new record/* RecordError */.W1(`its eventtime ${JSON.stringify(text.slice(0, 40))} is not a valid time`, id);
    return new Date(Math.floor(ms / 1000) * 1000);
}
/** Only the fields present, so an absent one reads as absent (exactOptionalPropertyTypes). */
function fields(entries) {
    return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}
function identityOf(get) {
    const issuer = fields({
        type: get('sessionissuer_type'),
        arn: get('sessionissuer_arn'),
        userName: get('sessionissuer_username')
    });
    const who = fields({
        type: get('useridentity_type'),
        arn: get('useridentity_arn'),
        accountId: get('useridentity_accountid'),
        userName: get('useridentity_username')
    });
    const hasIssuer = Object.keys(issuer).length > 0;
    if (Object.keys(who).length === 0 && !hasIssuer)
        return undefined;
    return { ...who, ...(hasIssuer && { sessionContext: { sessionIssuer: issuer } }) };
}
/** Longest `resources` cell parsed: longer ones (no real event has that many resources) are shown cut. */
const MAX_RESOURCES_CELL = 64 * 1024;
/** Longest other cell: far above any identity field CloudTrail writes; a longer one cannot be judged. */
const MAX_CELL = 8 * 1024;
/**
 * `resources` as Athena renders an array of rows: `[{arn=…, accountid=…, type=…}, …]`. Only shown in reports, so a
 * rendering we cannot split is kept whole (cut) rather than failing the scan. One forward pass with indexOf, no
 * regular expression: the cell is attacker-controlled (a resource name can be anything), and a backtracking
 * pattern over an unclosed 48 KB cell ran for minutes.
 */
function resourceArns(text) {
    if (text === undefined || text === '' || text === '[]')
        return [];
    const whole = [(0,bounded/* clip */.$Q)(text)];
    if (text.length > MAX_RESOURCES_CELL || !text.startsWith('[') || !text.endsWith(']'))
        return whole;
    const arns = [];
    const last = text.length - 1;
    let at = 1;
    while (at < last) {
        if (!text.startsWith('{arn=', at))
            return whole;
        const account = text.indexOf(', accountid=', at);
        const type = account < 0 ? -1 : text.indexOf(', type=', account);
        const close = type < 0 ? -1 : text.indexOf('}', type);
        if (close < 0)
            return whole;
        const arn = text.slice(at + 5, account);
        if (arn !== 'null' && arn !== '')
            arns.push(arn);
        at = close + 1;
        if (at === last)
            break;
        if (!text.startsWith(', ', at))
            return whole;
        at += 2;
    }
    return arns;
}
function readOnlyOf(text) {
    return text === 'true' ? true : text === 'false' ? false : null;
}
/** A cell, absent when NULL; a cell longer than any CloudTrail writes makes the row one we cannot judge. */
function cellOf(row, column) {
    const value = row[INDEX[column]];
    if (value !== undefined && column !== 'resources' && value.length > MAX_CELL) {
        const id = row[INDEX.eventid];
        throw new record/* RecordError */.W1(`its ${column} is ${value.length} characters long (at most ${MAX_CELL})`, id === undefined ? undefined : (0,bounded/* clip */.$Q)(id, 80));
    }
    return value;
}
function fromAthenaRow(row) {
    const get = column => cellOf(row, column);
    const id = required(get, 'eventid', undefined);
    const userIdentity = identityOf(get);
    return (0,record/* withinLimits */.oA)({
        id,
        time: timeOf(required(get, 'eventtime', id), id),
        name: required(get, 'eventname', id),
        source: required(get, 'eventsource', id),
        region: required(get, 'awsregion', id),
        username: (0,record/* usernameOf */.cR)(userIdentity),
        userIdentity,
        // Some SerDes render NULL as '': an empty errorCode is no error, and must not read as a denied call.
        errorCode: (0,record/* absentIfEmpty */.g9)(get('errorcode')),
        readOnly: readOnlyOf(get('readonly')),
        resources: resourceArns(get('resources')),
        sourceIp: (0,record/* absentIfEmpty */.g9)(get('sourceipaddress')),
        requestId: (0,record/* absentIfEmpty */.g9)(get('requestid'))
    });
}
/** A page of rows as records; a row that cannot be read throws a PageRecordError naming its place. */
function fromAthenaRows(rows) {
    return rows.map((row, position) => {
        try {
            return fromAthenaRow(row);
        }
        catch (error) {
            if (error instanceof record/* RecordError */.W1)
                throw new record/* PageRecordError */.jS(error, position);
            throw error;
        }
    });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/sources/athena/failure.ts
/** Athena's ErrorCategory: 1 system, 2 user, 3 other. */
function categoryName(category) {
    switch (category) {
        case 1:
            return 'SYSTEM';
        case 2:
            return 'USER';
        case 3:
            return 'OTHER';
        default:
            return 'unknown';
    }
}

;// CONCATENATED MODULE: ./src/sources/athena/runner.ts








function emptyStats() {
    return {
        queryExecutionId: undefined,
        state: undefined,
        dataScannedBytes: 0,
        engineMs: 0,
        totalMs: 0,
        rows: 0,
        pages: 0
    };
}
function runner_record(execution, stats) {
    const s = execution?.Statistics;
    const state = execution?.Status?.State;
    if (state !== undefined)
        stats.state = (0,bounded/* quote */.hD)(state, 40);
    if (typeof s?.DataScannedInBytes === 'number')
        stats.dataScannedBytes = s.DataScannedInBytes;
    if (typeof s?.EngineExecutionTimeInMillis === 'number')
        stats.engineMs = s.EngineExecutionTimeInMillis;
    if (typeof s?.TotalExecutionTimeInMillis === 'number')
        stats.totalMs = s.TotalExecutionTimeInMillis;
}
function endedBadly(execution, state) {
    const error = execution?.Status?.AthenaError;
    const reason = (0,bounded/* quote */.hD)(execution?.Status?.StateChangeReason ?? error?.ErrorMessage ?? 'no reason given');
    const category = error
        ? ` (ErrorCategory ${(0,bounded/* quote */.hD)(error.ErrorCategory ?? '?', 20)} ${categoryName(error.ErrorCategory)}, ` +
            `ErrorType ${(0,bounded/* quote */.hD)(error.ErrorType ?? '?', 20)})`
        : '';
    const code = state === 'CANCELLED' ? 'query-cancelled' : 'query-failed';
    return new errors/* SourceFailure */.oi(code, `the Athena query ended ${state}${category}: ${reason}`);
}
/** Stops the query, best effort, on a signal of its own: the scan's deadline may already have passed. */
async function stop(id, deps) {
    const own = {
        ...deps,
        signal: new AbortController().signal,
        policy: { maxThrottleRetries: 2, maxErrorRetries: 1 }
    };
    await call('StopQueryExecution', signal => deps.athena.send(new client_athena_dist_cjs/* StopQueryExecutionCommand */.aaO({ QueryExecutionId: id }), { abortSignal: signal }), own).catch(() => undefined);
}
async function start(statement, settings, deps) {
    // The same ClientRequestToken on every attempt: a retried start cannot run (and bill) the query twice.
    const token = (0,external_node_crypto_.randomUUID)();
    const output = await call('StartQueryExecution', signal => deps.athena.send(new client_athena_dist_cjs/* StartQueryExecutionCommand */.Wjk({
        QueryString: statement.sql,
        ...(statement.parameters.length > 0 && { ExecutionParameters: [...statement.parameters] }),
        QueryExecutionContext: { Catalog: settings.catalog, Database: settings.database },
        WorkGroup: settings.workgroup,
        ...(settings.outputLocation && {
            ResultConfiguration: { OutputLocation: settings.outputLocation }
        }),
        ClientRequestToken: token
    }), { abortSignal: signal }), deps);
    const id = output.QueryExecutionId;
    if (typeof id !== 'string' || id === '') {
        throw new errors/* SourceFailure */.oi('other', 'StartQueryExecution returned no QueryExecutionId');
    }
    // Athena's ids are UUIDs; a longer one is not Athena's, and must not be logged or sent back whole.
    if (id.length > MAX_EXECUTION_ID) {
        throw new errors/* SourceFailure */.oi('bad-response', `StartQueryExecution returned a QueryExecutionId of ${id.length} characters, longer than the ` +
            `${MAX_EXECUTION_ID} Athena allows`);
    }
    return id;
}
/** Polls until the query ends; throws (after stopping it) on anything but SUCCEEDED. */
async function waitFor(id, stats, deps) {
    let delay = deps.pollFirstMs ?? 250;
    for (;;) {
        const output = await call('GetQueryExecution', signal => deps.athena.send(new client_athena_dist_cjs/* GetQueryExecutionCommand */.mRu({ QueryExecutionId: id }), { abortSignal: signal }), deps);
        const execution = output.QueryExecution;
        // An answer about another query says nothing about ours.
        if (execution?.QueryExecutionId !== undefined && execution.QueryExecutionId !== id) {
            throw new errors/* SourceFailure */.oi('bad-response', `GetQueryExecution answered about query ${(0,bounded/* quote */.hD)(execution.QueryExecutionId, 80)}, not ${id}`);
        }
        runner_record(execution, stats);
        const state = execution?.Status?.State;
        deps.onState?.((0,bounded/* quote */.hD)(state ?? 'unknown', 40), stats);
        if (state === 'SUCCEEDED')
            return;
        if (state === 'FAILED' || state === 'CANCELLED')
            throw endedBadly(execution, state);
        if (state !== 'QUEUED' && state !== 'RUNNING') {
            throw new errors/* SourceFailure */.oi('other', `GetQueryExecution returned an unknown state ${JSON.stringify((0,bounded/* quote */.hD)(state ?? null, 40))}`);
        }
        const cap = deps.maxBytesScanned;
        if (cap !== undefined && stats.dataScannedBytes > cap) {
            throw new errors/* SourceFailure */.oi('bytes-limit', `the query had scanned ${stats.dataScannedBytes} bytes, past athena-max-bytes-scanned (${cap}); it was stopped`);
        }
        await deps.clock.sleep(delay, deps.signal).catch(() => undefined);
        if (deps.signal.aborted)
            throw (0,retry/* deadlineFailure */.dG)(deps.signal);
        delay = Math.min(deps.pollMaxMs ?? 5_000, delay * 2);
    }
}
/** Athena documents its page tokens as at most 1,024 characters. */
const MAX_RESULT_TOKEN = 1024;
/** Athena documents a QueryExecutionId as at most 128 characters. */
const MAX_EXECUTION_ID = 128;
function cells(row) {
    return (row.Data ?? []).map(datum => datum.VarCharValue);
}
function malformed(reason) {
    return new errors/* SourceFailure */.oi('malformed-result', reason);
}
function checkHeader(row) {
    const header = row ? cells(row) : [];
    if (header.length !== COLUMNS.length || header.some((name, i) => name !== COLUMNS[i])) {
        throw malformed(`the result's header row is ${(0,bounded/* quote */.hD)(JSON.stringify(header.slice(0, 30)))}, not the columns the query selected`);
    }
}
/**
 * A GetQueryResults answer must be a page: `ResultSet.Rows` a list of rows, each with a `Data` list of
 * `VarCharValue` strings (or none, for NULL), and `NextToken` a non-empty string or absent. The SDK reads a body
 * without `ResultSet` as a page with no rows — the last one, if it has no token — which would end the result
 * early and call it read.
 */
function rowsOf(output, page) {
    const rows = output.ResultSet?.Rows;
    if (!Array.isArray(rows))
        throw malformed(`GetQueryResults page ${page} has no ResultSet.Rows list`);
    for (const row of rows) {
        const data = typeof row === 'object' && row !== null ? row.Data : undefined;
        if (!Array.isArray(data))
            throw malformed(`a row of GetQueryResults page ${page} has no Data list`);
        for (const datum of data) {
            const value = typeof datum === 'object' && datum !== null ? datum['VarCharValue'] : 0;
            if (value !== undefined && typeof value !== 'string')
                throw malformed(`a value on GetQueryResults page ${page} is not a string`);
        }
    }
    const token = output.NextToken;
    if (token !== undefined && token !== null && (typeof token !== 'string' || token === '')) {
        throw malformed(`GetQueryResults page ${page} has a NextToken that is not a non-empty string`);
    }
    return rows;
}
/** Every page of the result, header checked and removed, each row checked for its number of values. */
async function* readResults(id, stats, deps) {
    const fetch = (token) => call('GetQueryResults', signal => deps.athena.send(new client_athena_dist_cjs/* GetQueryResultsCommand */.sAK({
        QueryExecutionId: id,
        MaxResults: deps.pageSize ?? 1000,
        ...(token !== undefined && { NextToken: token })
    }), { abortSignal: signal }), deps);
    const pages = (0,aws_pages/* paginate */.E)(fetch, output => output.NextToken || undefined, new aws_pages/* TokenGuard */.N('GetQueryResults', MAX_RESULT_TOKEN));
    for await (const output of pages) {
        const rows = rowsOf(output, stats.pages + 1);
        if (stats.pages === 0)
            checkHeader(rows[0]);
        const values = (stats.pages === 0 ? rows.slice(1) : rows).map(cells);
        const bad = values.findIndex(row => row.length !== COLUMNS.length);
        if (bad >= 0) {
            throw malformed(`a result row has ${values[bad]?.length} values, not the ${COLUMNS.length} columns the query selected (page ${stats.pages + 1})`);
        }
        stats.pages += 1;
        stats.rows += values.length;
        yield values;
    }
}
/**
 * Every row of the result was read: Athena's own count of output rows (GetQueryRuntimeStatistics) must equal
 * the rows the pages held. Without the permission the check is skipped and said so (a warning); a count that
 * differs means pages went missing, and the result cannot be called read.
 */
async function checkRowCount(id, stats, deps) {
    let output;
    try {
        output = await call('GetQueryRuntimeStatistics', signal => deps.athena.send(new client_athena_dist_cjs/* GetQueryRuntimeStatisticsCommand */.fvJ({ QueryExecutionId: id }), {
            abortSignal: signal
        }), deps);
    }
    catch (error) {
        if (error instanceof errors/* SourceFailure */.oi && (error.code === 'access-denied' || error.code === 'other')) {
            stats.rowCountChecked = false;
            return;
        }
        throw error;
    }
    const expected = output?.QueryRuntimeStatistics?.Rows?.OutputRows;
    if (typeof expected !== 'number') {
        stats.rowCountChecked = false;
        return;
    }
    stats.rowCountChecked = true;
    if (expected !== stats.rows) {
        throw malformed(`Athena counted ${expected} result rows, but the result pages held ${stats.rows}: pages are missing`);
    }
}
/**
 * Runs the statement to the end, handing on rows page by page (the result is never held whole). `stats` is kept
 * up to date even when it throws.
 */
async function* queryRows(statement, settings, deps, stats) {
    const id = await start(statement, settings, deps);
    stats.queryExecutionId = id;
    try {
        await waitFor(id, stats, deps);
    }
    catch (error) {
        const ended = stats.state === 'FAILED' || stats.state === 'CANCELLED' || stats.state === 'SUCCEEDED';
        if (!ended)
            await stop(id, deps);
        throw error;
    }
    yield* readResults(id, stats, deps);
    await checkRowCount(id, stats, deps);
}
/** {@link queryRows} with a callback per page. */
async function runQuery(statement, settings, deps, stats, onRows) {
    for await (const rows of queryRows(statement, settings, deps, stats))
        onRows(rows);
}

;// CONCATENATED MODULE: ./src/sources/athena/read.ts





/** Log a progress line every this many result pages. */
const PROGRESS_EVERY = 50;
/** Compares as the engines sort VARCHAR: by UTF-8 bytes (the same as `<` for ASCII, which event ids are). */
function utf8Order(a, b) {
    // eslint-disable-next-line no-control-regex
    const ascii = /^[\x00-\x7f]*$/;
    if (ascii.test(a) && ascii.test(b))
        return a < b ? -1 : a > b ? 1 : 0;
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
function decodePage(rows, progress) {
    const page = progress.stats.pages;
    try {
        const records = fromAthenaRows(rows);
        records.forEach((record, position) => {
            if (progress.lastId !== undefined && utf8Order(record.id, progress.lastId) < 0) {
                throw new errors/* SourceFailure */.oi('malformed-result', `row ${position + 1} of page ${page} of the Athena result is out of the eventid order the query asked for`);
            }
            progress.lastId = record.id;
        });
        return records;
    }
    catch (error) {
        if (!(error instanceof record/* PageRecordError */.jS))
            throw error;
        throw new errors/* SourceFailure */.oi('bad-record', (0,record/* describeRecordError */.rp)(error, `page ${page} of the Athena result`));
    }
}
async function* readRecords(statement, settings, deps) {
    const { progress, sink } = deps;
    let lastState = '';
    const rows = queryRows(statement, settings, {
        ...deps,
        maxBytesScanned: settings.maxBytesScanned,
        onState: (state, stats) => {
            if (state !== lastState)
                sink?.info(`Athena query ${stats.queryExecutionId ?? ''} ${state}`);
            lastState = state;
        }
    }, progress.stats);
    for await (const page of rows) {
        yield decodePage(page, progress);
        if (progress.stats.pages % PROGRESS_EVERY === 0) {
            sink?.info(`Athena: ${progress.stats.pages} pages, ${progress.stats.rows} rows read`);
        }
    }
    if (progress.stats.rowCountChecked === false) {
        progress.warnings.push("Athena's own count of the result's rows was not checked (athena:GetQueryRuntimeStatistics): the pages " +
            'were validated one by one instead.');
    }
}
function runInfo(settings, progress) {
    const s = progress.stats;
    return {
        table: `${settings.database}.${settings.table}`,
        workgroup: settings.workgroup,
        queryExecutionId: s.queryExecutionId ?? null,
        state: s.state ?? null,
        dataScannedBytes: s.dataScannedBytes,
        engineMs: s.engineMs,
        totalMs: s.totalMs,
        // Nothing is billed for a query that never started.
        estimatedCostUsd: s.queryExecutionId ? estimatedCostUsd(s.dataScannedBytes) : 0,
        rows: s.rows,
        pages: s.pages,
        bounds: progress.bounds,
        warnings: progress.warnings
    };
}
function strategyOf(settings, bounds) {
    const pruned = bounds.length > 0 ? `partitions bounded by ${bounds.join('; ')}` : 'no partition bounds';
    return (`One Amazon Athena query on ${settings.database}.${settings.table} (workgroup ${settings.workgroup}): ` +
        `${pruned}; identity, window and event names in WHERE; every row judged here.`);
}

;// CONCATENATED MODULE: ./src/sources/athena/source.ts
















/** The claims a read of the table makes for the slices it holds; the fresh part is left to the barrier. */
function claimsFor(slices, holds, delivery, identity) {
    return slices.flatMap(slice => {
        const held = heldWindow(holds, slice.window);
        if (held === undefined)
            return [];
        const base = { account: slice.account, region: slice.region, globalOnly: slice.globalOnly, identity };
        if (delivery.kind === 'old-window')
            return [{ ...base, window: held, delivered: 'old-window' }];
        const freshFrom = delivery.kind === 'barrier' ? delivery.fresh.start : delivery.freshFrom;
        const older = { start: held.start, end: freshFrom };
        const fresh = { start: freshFrom, end: held.end };
        return [
            ...(held.start < freshFrom ? [{ ...base, window: older, delivered: 'old-window' }] : []),
            // Read, but not proven delivered to S3: counted only when the user turned the barrier off.
            ...(delivery.kind === 'skipped' ? [{ ...base, window: fresh, delivered: 'unproven' }] : [])
        ];
    });
}
/** The account an ARN identity names: its events are recorded in that account's trail. */
function identityAccount(query) {
    return query.identity.kind === 'name' ? undefined : query.identity.account;
}
function notProven(query, delivery) {
    if (delivery.kind !== 'barrier')
        return [];
    const reason = `the ${constants/* INPUTS */.mc.source} athena cannot prove that CloudTrail has delivered the window's events after ` +
        `${(0,dates/* isoSeconds */.nE)(delivery.fresh.start)} to S3 (the delivery barrier works through LookupEvents): end the window ` +
        `${(0,core_delivery/* formatDuration */.a3)(delivery.horizonMs)} ago or earlier (${constants/* INPUTS */.mc.createdBefore}), use ${constants/* INPUTS */.mc.source} ` +
        `lookup-events, or set ${constants/* INPUTS */.mc.waitForDelivery} to false to accept the risk`;
    return [{ account: coverage/* ANY */.x4, region: query.regions.length === 0 ? coverage/* ANY */.x4 : (query.regions[0] ?? coverage/* ANY */.x4), reason }];
}
class AthenaSource {
    settings;
    deps;
    name = 'athena';
    clients;
    progress = {
        lastId: undefined,
        stats: emptyStats(),
        bounds: [],
        warnings: []
    };
    strategy = '';
    delivery;
    constructor(settings, deps) {
        this.settings = settings;
        this.deps = deps;
    }
    callDeps(ctx) {
        return {
            clock: ctx.clock,
            random: ctx.random,
            signal: ctx.signal,
            requestTimeoutMs: this.deps.requestTimeoutMs ?? 20_000,
            policy: this.deps.athenaPolicy ?? DEFAULT_CALL_POLICY,
            onRetry: kind => ctx.onRetry(this.settings.region, kind)
        };
    }
    table() {
        return `${this.settings.database}.${this.settings.table}`;
    }
    async plan(slices, ctx) {
        const { query } = ctx;
        const settings = this.settings;
        this.clients = (this.deps.athenaFor ?? athenaClientFactory(this.deps.clientOptions ?? {}))(settings.region);
        const glue = this.clients.glue;
        const output = await call('Glue GetTable', signal => glue.send(new dist_cjs/* GetTableCommand */.QuZ({ DatabaseName: settings.database, Name: settings.table }), {
            abortSignal: signal
        }), this.callDeps(ctx));
        const table = checkTable(output.Table, this.table());
        const statement = prepare(query, settings, table);
        const partitioning = readPartitioning(table);
        const holds = tableHolds(table, partitioning);
        this.progress.bounds = statement.bounds;
        this.progress.warnings.push(...statement.warnings, ...holds.warnings);
        this.strategy = strategyOf(settings, statement.bounds);
        const delivery = (0,core_delivery/* planDelivery */.eh)(query, ctx.startedAt);
        this.delivery = delivery;
        const manual = holds.projected
            ? []
            : await manualGaps(slices, partitioning, { name: this.table(), settings, glue }, this.callDeps(ctx));
        const cannot = [
            ...slices.flatMap(slice => cannotHold(holds, slice, this.table(), identityAccount(query)) ?? []),
            ...manual
        ];
        const uncovered = [...cannot, ...notProven(query, delivery)];
        const identity = query.patterns.length === 0 || statement.everyEventOfIdentity ? 'all' : 'named';
        // A slice the table cannot hold (whole or in part) is claimed by nothing: its coverage shows the gap too.
        const refused = new Set(cannot.map(u => `${u.account}|${u.region}`));
        const held = slices.filter(s => !refused.has(`${s.account}|${s.region}`));
        const claims = claimsFor(held, holds, delivery, identity);
        return {
            // Nothing the table holds: no query, nothing billed.
            tasks: claims.length === 0 ? [] : [{ statement, claims }],
            strategy: this.strategy,
            uncovered,
            warnings: [...statement.warnings, ...holds.warnings]
        };
    }
    label() {
        return { account: coverage/* ANY */.x4, region: `Athena (${this.table()})` };
    }
    async *read(task, ctx) {
        const clients = this.clients;
        if (clients === undefined)
            throw new errors/* SourceFailure */.oi('other', 'the Athena source read before it planned');
        const reading = readRecords(task.statement, this.settings, {
            ...this.callDeps(ctx),
            athena: clients.athena,
            progress: this.progress,
            sink: ctx.progress,
            ...(this.deps.pollFirstMs !== undefined && { pollFirstMs: this.deps.pollFirstMs }),
            ...(this.deps.pollMaxMs !== undefined && { pollMaxMs: this.deps.pollMaxMs }),
            ...(this.deps.pageSize !== undefined && { pageSize: this.deps.pageSize })
        });
        for await (const records of reading) {
            yield { records, where: `page ${this.progress.stats.pages} of the Athena result`, fetched: true };
        }
        yield { records: [], where: 'the end of the Athena result', covered: task.claims, fetched: false };
    }
    details() {
        return {
            plan: { lanes: [], strategy: this.strategy },
            lanes: [],
            athena: runInfo(this.settings, this.progress),
            ...(this.delivery && { delivery: (0,core_delivery/* deliveryReport */.Jf)(this.delivery, []) })
        };
    }
}


/***/ })

};
