export const id = 235;
export const ids = [235];
export const modules = {

/***/ 235:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AthenaSource: () => (/* binding */ AthenaSource)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-glue/dist-cjs/index.js
var dist_cjs = __webpack_require__(6542);
// EXTERNAL MODULE: ./src/aws/clients.ts + 1 modules
var aws_clients = __webpack_require__(8016);
// EXTERNAL MODULE: ./src/core/coverage.ts
var coverage = __webpack_require__(7989);
// EXTERNAL MODULE: ./src/core/constants.ts
var constants = __webpack_require__(6214);
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
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudtrail/dist-cjs/index.js
var client_cloudtrail_dist_cjs = __webpack_require__(7392);
// EXTERNAL MODULE: ./node_modules/@smithy/node-http-handler/dist-cjs/index.js
var node_http_handler_dist_cjs = __webpack_require__(1279);
// EXTERNAL MODULE: ./src/aws/answer-check.ts
var answer_check = __webpack_require__(6354);
// EXTERNAL MODULE: ./src/aws/own-requests.ts
var own_requests = __webpack_require__(6532);
// EXTERNAL MODULE: ./src/core/bounded.ts
var bounded = __webpack_require__(926);
;// CONCATENATED MODULE: ./src/sources/athena/page-json.ts
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Deeper than any answer Athena sends; deeper documents go to the generic path. */
const MAX_DEPTH = 64;
class NotHandled extends Error {
}
class Reader {
    at = 0;
    bytes;
    constructor(bytes) {
        this.bytes = Buffer.isBuffer(bytes)
            ? bytes
            : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    fail() {
        throw new NotHandled();
    }
    space() {
        const b = this.bytes;
        let at = this.at;
        while (at < b.length) {
            const c = b[at];
            if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09)
                break;
            at += 1;
        }
        this.at = at;
    }
    expect(byte) {
        this.space();
        if (this.bytes[this.at] !== byte)
            this.fail();
        this.at += 1;
    }
    /** Consumes `byte` (after whitespace) when it is next. */
    take(byte) {
        this.space();
        if (this.bytes[this.at] !== byte)
            return false;
        this.at += 1;
        return true;
    }
    peek() {
        this.space();
        return this.bytes[this.at];
    }
    /** A string; with `keep` false it is checked and passed over, not made (''). */
    string(keep = true) {
        this.expect(QUOTE);
        const b = this.bytes;
        const start = this.at;
        let escaped = false;
        let at = start;
        for (;;) {
            const c = b[at];
            if (c === undefined || c < 0x20)
                this.fail();
            if (c === QUOTE)
                break;
            if (c === BACKSLASH) {
                escaped = true;
                at += 1;
                if (b[at] === undefined)
                    this.fail();
            }
            at += 1;
        }
        this.at = at + 1;
        if (!escaped && !keep)
            return '';
        const text = b.toString('utf8', start, at);
        if (!escaped)
            return text;
        // Escapes are rare in trail data: JSON.parse of the one string decodes (and validates) them.
        try {
            return JSON.parse(`"${text}"`);
        }
        catch {
            return this.fail();
        }
    }
    /** A value read and thrown away (numbers, literals, and members the page does not need). */
    skip(depth) {
        if (depth > MAX_DEPTH)
            this.fail();
        const c = this.peek();
        if (c === QUOTE) {
            this.string(false);
        }
        else if (c === 0x7b) {
            this.object(depth, () => this.skip(depth + 1));
        }
        else if (c === 0x5b) {
            this.array(depth, () => this.skip(depth + 1));
        }
        else {
            this.scalar();
        }
    }
    /** A number or a literal, as its text. */
    scalar() {
        const b = this.bytes;
        let end = this.at;
        while (end < b.length && /[-+.0-9a-zA-Z]/.test(String.fromCharCode(b[end] ?? 0)))
            end += 1;
        const text = b.toString('latin1', this.at, end);
        if (!/^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?)$/.test(text))
            this.fail();
        this.at = end;
        return text;
    }
    object(depth, member) {
        if (depth > MAX_DEPTH)
            this.fail();
        this.expect(0x7b);
        if (this.take(0x7d))
            return;
        do {
            const key = this.string();
            this.expect(0x3a);
            member(key);
        } while (this.take(0x2c));
        this.expect(0x7d);
    }
    array(depth, item) {
        if (depth > MAX_DEPTH)
            this.fail();
        this.expect(0x5b);
        if (this.take(0x5d))
            return;
        do
            item();
        while (this.take(0x2c));
        this.expect(0x5d);
    }
}
/**
 * `{"VarCharValue": "…"}`: the string, or undefined for NULL; `false` for a value that is not a string. With
 * `keep` false, a string is checked and '' returned.
 */
function datum(r, keep) {
    if (r.peek() !== 0x7b) {
        r.skip(4);
        return false;
    }
    let value;
    r.object(4, key => {
        if (key === 'VarCharValue' && r.peek() === QUOTE)
            value = r.string(keep);
        else if (key === 'VarCharValue') {
            r.skip(5);
            value = false;
        }
        else
            r.skip(5);
    });
    return value;
}
/** One row's `Data` list, read from `r` with its strings made. */
function values(r) {
    const out = [];
    r.array(4, () => {
        const value = datum(r, true);
        if (value === false)
            r.fail();
        out.push(value);
    });
    return out;
}
/** Checks a row and notes where its last `Data` list starts (as JSON.parse would, the last one counts). */
function row(r, found, rows) {
    let start = -1;
    let width = 0;
    let bad = false;
    if (r.peek() === 0x7b) {
        r.object(3, key => {
            if (key !== 'Data')
                return r.skip(4);
            start = -1;
            bad = false;
            if (r.peek() !== 0x5b)
                return r.skip(4);
            start = r.at;
            width = 0;
            r.array(4, () => {
                if (datum(r, false) === false)
                    bad = true;
                width += 1;
            });
        });
    }
    else {
        r.skip(3);
    }
    if (start < 0)
        found.rowsProblem ??= 'has a row with no Data list';
    else if (bad)
        found.rowsProblem ??= 'has a value that is not a string';
    rows.starts.push(start);
    rows.widths.push(width);
}
/** The rows of a page checked by `readPageJson`, each read from the bytes when asked for. */
class RowsOnBytes {
    bytes;
    starts;
    widths;
    nextToken;
    constructor(bytes, starts, widths, nextToken) {
        this.bytes = bytes;
        this.starts = starts;
        this.widths = widths;
        this.nextToken = nextToken;
    }
    get count() {
        return this.starts.length;
    }
    width(i) {
        return this.widths[i] ?? 0;
    }
    row(i) {
        const r = new Reader(this.bytes);
        r.at = this.starts[i] ?? this.bytes.length;
        return values(r);
    }
}
function resultSet(r, found) {
    // As JSON.parse would: the last `ResultSet` (and its last `Rows`) is the one that counts.
    found.rows = undefined;
    found.rowsProblem = undefined;
    if (r.peek() !== 0x7b) {
        r.skip(1);
        found.rows = undefined;
        return;
    }
    r.object(1, key => {
        if (key !== 'Rows')
            return r.skip(2);
        found.rowsProblem = undefined;
        if (r.peek() !== 0x5b) {
            r.skip(2);
            found.rows = undefined;
            return;
        }
        const rows = { starts: [], widths: [] };
        r.array(2, () => row(r, found, rows));
        found.rows = rows;
    });
}
/**
 * The page in `bytes`, or undefined when they are not a JSON object this reader takes as a page or a page's
 * problem (not JSON, an error shape, trailing bytes…): the caller then uses the generic path.
 */
function readPageJson(bytes) {
    const r = new Reader(bytes);
    const found = { rows: undefined, rowsProblem: undefined, token: undefined, hasType: false };
    try {
        r.object(0, key => {
            if (key === 'ResultSet')
                return resultSet(r, found);
            if (key === 'NextToken') {
                const next = r.peek();
                // Anything but a string or null is kept as "not a string" (0), for the check below.
                if (next === QUOTE)
                    found.token = r.string();
                else if (next === 0x7b || next === 0x5b) {
                    r.skip(1);
                    found.token = 0;
                }
                else
                    found.token = r.scalar() === 'null' ? null : 0;
                return;
            }
            if (key === '__type')
                found.hasType = true;
            r.skip(1);
        });
        r.space();
        if (r.at !== bytes.length)
            return undefined;
    }
    catch (error) {
        if (error instanceof NotHandled)
            return undefined;
        throw error;
    }
    // An error shape: answer-check.ts says what it carries.
    if (found.hasType)
        return undefined;
    if (found.rows === undefined)
        return { ok: false, problem: 'has no ResultSet.Rows list' };
    if (found.rowsProblem !== undefined)
        return { ok: false, problem: found.rowsProblem };
    const token = found.token;
    if (token !== undefined && token !== null && (typeof token !== 'string' || token === '')) {
        return { ok: false, problem: 'has a NextToken that is not a non-empty string' };
    }
    const { starts, widths } = found.rows;
    const next = typeof token === 'string' ? token : undefined;
    return { ok: true, page: new RowsOnBytes(bytes, Uint32Array.from(starts), Uint32Array.from(widths), next) };
}

;// CONCATENATED MODULE: ./src/sources/athena/result-pages.ts




/** Rows already in memory (the SDK's output, or a body the byte reader left to JSON.parse). */
class RowsInMemory {
    rows;
    nextToken;
    constructor(rows, nextToken) {
        this.rows = rows;
        this.nextToken = nextToken;
    }
    get count() {
        return this.rows.length;
    }
    width(i) {
        return this.rows[i]?.length ?? 0;
    }
    row(i) {
        return this.rows[i] ?? [];
    }
}
/** Pages parsed by the middleware, by the command input they answer (each `send` has its own input object). */
const parsed = new WeakMap();
/** The page the middleware read for this input, once; undefined when no middleware read it. */
function takeParsedPage(input) {
    const page = parsed.get(input);
    parsed.delete(input);
    return page;
}
function problem(text) {
    return { ok: false, problem: text };
}
/**
 * A GetQueryResults answer must be a page: `ResultSet.Rows` a list of rows, each with a `Data` list of
 * `VarCharValue` strings (or none, for NULL), and `NextToken` a non-empty string or absent. The SDK reads a body
 * without `ResultSet` as a page with no rows — the last one, if it has no token — which would end the result early
 * and call it read.
 */
function pageOf(answer) {
    const resultSet = (0,answer_check/* isObject */.Gv)(answer) ? answer['ResultSet'] : undefined;
    const list = (0,answer_check/* isObject */.Gv)(resultSet) ? resultSet['Rows'] : undefined;
    if (!Array.isArray(list))
        return problem('has no ResultSet.Rows list');
    const rows = [];
    for (const row of list) {
        const data = (0,answer_check/* isObject */.Gv)(row) ? row['Data'] : undefined;
        if (!Array.isArray(data))
            return problem('has a row with no Data list');
        const values = [];
        for (const datum of data) {
            const value = (0,answer_check/* isObject */.Gv)(datum) ? datum['VarCharValue'] : 0;
            if (value !== undefined && typeof value !== 'string')
                return problem('has a value that is not a string');
            values.push(value);
        }
        rows.push(values);
    }
    const token = (0,answer_check/* isObject */.Gv)(answer) ? answer['NextToken'] : undefined;
    if (token !== undefined && token !== null && (typeof token !== 'string' || token === '')) {
        return problem('has a NextToken that is not a non-empty string');
    }
    return { ok: true, page: new RowsInMemory(rows, typeof token === 'string' ? token : undefined) };
}
const EMPTY = new TextEncoder().encode('{}');
/**
 * Checks every answer of an Athena client (`words(operation)`), and reads each GetQueryResults page once into
 * rows; also drops the SDK's logger middleware, whose copy of every answer nobody reads.
 */
function addAthenaAnswers(client, words, maxBytes) {
    const stack = client.middlewareStack;
    stack.remove('loggerMiddleware');
    stack.add((next, context) => async (args) => {
        const result = await next(args);
        const operation = (context.commandName ?? 'the call').replace(/Command$/, '');
        const response = result.response;
        const bytes = await (0,aws_clients/* readBody */.x8)(response.body, maxBytes, operation);
        const status = typeof response.statusCode === 'number' ? response.statusCode : 0;
        const raw = (0,answer_check/* isObject */.Gv)(response.headers) ? response.headers : {};
        const header = (name) => {
            const value = raw[name];
            return typeof value === 'string' ? value : undefined;
        };
        const input = args.input;
        const page = operation === 'GetQueryResults' && status >= 200 && status < 300 && (0,answer_check/* isObject */.Gv)(input);
        // Read from the bytes (page-json.ts); only what that reader leaves (errors, odd documents) becomes text.
        const quick = page ? readPageJson(bytes) : undefined;
        if (page && quick !== undefined) {
            parsed.set(input, quick);
            response.body = EMPTY;
            return result;
        }
        const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
        if (page) {
            const answer = (0,answer_check/* checkJsonBody */.jj)(status, text, (0,bounded/* clip */.$Q)(header('content-type') ?? '', 80), words(operation));
            parsed.set(input, pageOf(answer));
            response.body = EMPTY;
            return result;
        }
        const headers = { contentType: header('content-type'), location: header('location') };
        (0,answer_check/* checkAnswer */.dG)(status, headers, text, words(operation));
        response.body = bytes;
        return result;
    }, { step: 'deserialize', priority: 'low', name: 'cloudtrailGateAthenaAnswers' });
}

;// CONCATENATED MODULE: ./src/sources/athena/clients.ts








/** Far above a result page of 1,000 rows, far below what would hurt the runner. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;
function wordsOf(service, env, operation) {
    return {
        what: service === 'Glue' ? `Glue ${operation}` : operation,
        service,
        expected: `an answer to ${operation}`,
        hint: `is AWS_ENDPOINT_URL_${env} pointing at ${service}?`
    };
}
/** Every Glue answer must be a JSON answer (aws/answer-check.ts): never a login page read as empty. */
const glueCheck = (operation, status, headers, body) => {
    (0,answer_check/* checkAnswer */.dG)(status, headers, body, wordsOf('Glue', 'GLUE', operation));
};
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
        // Athena's answers are checked the same way, and its result pages read once (result-pages.ts).
        addAthenaAnswers(clients.athena, operation => wordsOf('Athena', 'ATHENA', operation), MAX_ANSWER_BYTES);
        (0,aws_clients/* addAnswerCheck */.ke)(clients.glue, glueCheck, MAX_ANSWER_BYTES);
        if (options.own) {
            (0,own_requests/* recordOwnRequests */.O)(clients.athena, options.own);
            (0,own_requests/* recordOwnRequests */.O)(clients.glue, options.own);
        }
        return clients;
    };
}
/**
 * CloudTrail clients for the trail check (DescribeTrails, GetTrail, GetTrailStatus), one per Region, with every
 * answer checked (a JSON answer, never a login page) and its request ID kept as the gate's own.
 */
function trailClientFactory(options) {
    const clients = new Map();
    return region => {
        let client = clients.get(region);
        if (client === undefined) {
            client = new client_cloudtrail_dist_cjs/* CloudTrailClient */.Vsm({
                ...(0,aws_clients/* sdkOptions */.rY)(region, options),
                requestHandler: new node_http_handler_dist_cjs.NodeHttpHandler((0,aws_clients/* httpOptions */.$3)(options))
            });
            const check = (operation, status, headers, body) => {
                (0,answer_check/* checkAnswer */.dG)(status, headers, body, {
                    what: `CloudTrail ${operation}`,
                    service: 'CloudTrail',
                    expected: `an answer to ${operation}`,
                    hint: 'is AWS_ENDPOINT_URL_CLOUDTRAIL pointing at CloudTrail?'
                });
            };
            (0,aws_clients/* addAnswerCheck */.ke)(client, check, MAX_ANSWER_BYTES);
            client.middlewareStack.remove('loggerMiddleware');
            if (options.own)
                (0,own_requests/* recordOwnRequests */.O)(client, options.own);
            clients.set(region, client);
        }
        return client;
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

// EXTERNAL MODULE: ./src/core/dates.ts
var dates = __webpack_require__(194);
;// CONCATENATED MODULE: ./src/sources/athena/fresh-words.ts



// What the Athena source says about a window's freshness before and after its markers: why a marker cannot show in
// the table, why a part cannot have a marker at all, and the markers as the delivery section shows a barrier's.
// Pure.
function holdsValue(list, value) {
    return list === 'any' || (value !== undefined && list.includes(value));
}
/** Why the table cannot show a marker recorded in this account and Region (undefined: it can). */
function cannotShow(table, holds, marker) {
    if (!holdsValue(holds.accounts, marker.account)) {
        return (`was made in account ${marker.account ?? '(unknown)'}, whose files the table ${table} does not hold ` +
            `(${holds.why.accounts}): run the gate with credentials of an account the table holds`);
    }
    if (!holdsValue(holds.regions, marker.region)) {
        return `is recorded in ${marker.region}, whose files the table ${table} does not hold (${holds.why.regions})`;
    }
    return undefined;
}
/** The fresh part of slices of every Region (`*`) over a table whose Regions nothing says: no marker can prove it. */
function unprovable(table, holds, delivery, slices) {
    const freshFrom = delivery.kind === 'barrier' ? (0,dates/* isoSeconds */.nE)(delivery.fresh.start) : '?';
    return slices.map(slice => ({
        account: slice.account,
        region: slice.region,
        reason: `the table ${table} holds every Region of the trail's files (${holds.why.regions}), so which Regions need a ` +
            `delivery marker cannot be told, and the window after ${freshFrom} cannot be proven delivered: name them ` +
            `with ${constants/* INPUTS */.mc.region}, or end the window ${(0,core_delivery/* formatDuration */.a3)(delivery.horizonMs)} before the run or earlier`
    }));
}
/** The summary's freshness before any marker: what the window needs. */
function initialFreshness(delivery, hasFresh, unprovableReason) {
    const mode = delivery.kind === 'barrier' ? (hasFresh ? 'marker' : 'old-window') : delivery.kind;
    const freshFrom = delivery.kind === 'barrier'
        ? delivery.fresh.start
        : delivery.kind === 'skipped'
            ? delivery.freshFrom
            : null;
    return {
        mode,
        horizonMs: delivery.horizonMs,
        freshFrom: freshFrom && (0,dates/* isoSeconds */.nE)(freshFrom),
        markers: [],
        polls: 0,
        pollBytes: 0,
        pollCostUsd: 0,
        marginMs: 0,
        unprovable: unprovableReason ?? null
    };
}
/** The markers as the delivery section shows any barrier's (found in the table rather than in LookupEvents). */
function deliveryOutcomes(fresh) {
    return (fresh?.markers ?? []).flatMap(m => m.requestId === null
        ? []
        : [
            {
                region: m.region,
                requestId: m.requestId,
                callerArn: m.callerArn ?? '',
                markerTime: m.eventTime ?? m.sentAt ?? '',
                delivered: m.problem === null,
                waitedMs: m.foundAfterMs ?? 0,
                marginMs: m.problem === null ? (fresh?.marginMs ?? 0) : 0,
                polls: fresh?.polls ?? 0,
                pages: 0
            }
        ]);
}
/** One log line on how the window's delivery to S3 is proven, or why it needs no proof. */
function describeFreshness(delivery, markerRegions, window, timeoutMs) {
    const horizon = (0,core_delivery/* formatDuration */.a3)(delivery.horizonMs);
    if (delivery.kind === 'old-window') {
        return `Delivery to S3: not in question, the window ended at ${(0,dates/* isoSeconds */.nE)(window.end)}, more than ${horizon} ago.`;
    }
    if (delivery.kind === 'skipped') {
        return (`Delivery to S3 not proven (${constants/* INPUTS */.mc.waitForDelivery} is false): events after ${(0,dates/* isoSeconds */.nE)(delivery.freshFrom)} ` +
            'may not be delivered yet, and a clean result does not cover them.');
    }
    const where = markerRegions.length > 0 ? ` in ${markerRegions.join(', ')}` : '';
    return (`Delivery to S3: a marker call (STS GetCallerIdentity)${where}; the window after ` +
        `${(0,dates/* isoSeconds */.nE)(delivery.fresh.start)} is read once this run's markers show in the table (waiting at most ` +
        `${(0,core_delivery/* formatDuration */.a3)(timeoutMs)}).`);
}

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
function holds_values(segment, key, partitioning, parameters, where) {
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
    const accounts = holds_values(path?.account, 'account', partitioning, parameters, where);
    const regions = holds_values(path?.region, 'region', partitioning, parameters, where);
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
 * What a manual table cannot hold of the slices: each Region asked, each day of the window; and the Regions it has
 * partitions for (those a slice of every Region covers). Throws nothing for a denied listing: the slices are then
 * not covered, saying which permission would tell.
 */
async function manualGaps(slices, partitioning, table, deps) {
    if (!partitioning.keys.includes('region') || partitioning.day?.kind !== 'year-month-day') {
        return { uncovered: [], regions: undefined };
    }
    let partitions;
    try {
        partitions = await listPartitions(table.glue, table.settings, deps);
    }
    catch (error) {
        if (!(error instanceof errors/* SourceFailure */.oi))
            throw error;
        const reason = `the partitions of ${table.name} cannot be listed (${(0,bounded/* quote */.hD)(error.reason)}): without glue:GetPartitions the ` +
            'gate cannot tell which days and Regions the table holds';
        return {
            uncovered: slices.map(s => ({ account: s.account, region: s.region, reason })),
            regions: undefined
        };
    }
    const elsewhere = [];
    const held = registered(partitions, partitioning.keys, elsewhere);
    const regionsWithAny = new Set([...held].map(k => k.split('|')[0] ?? ''));
    const uncovered = slices.flatMap(slice => {
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
    return { uncovered, regions: [...regionsWithAny].sort() };
}

;// CONCATENATED MODULE: ./src/sources/athena/parts.ts


const SECOND = 1000;
/**
 * `regionsOfAny`: the Regions a slice of every Region (`*`) covers — the Regions the table holds, when its
 * definition or its registered partitions say — or undefined when nothing says.
 */
function readPlan(window, held, holds, delivery, identity, regionsOfAny) {
    const claim = (slice, part, delivered) => ({
        account: slice.account,
        region: slice.region,
        globalOnly: slice.globalOnly,
        identity,
        window: part,
        delivered
    });
    const windows = held.flatMap(slice => {
        const part = heldWindow(holds, slice.window);
        return part === undefined ? [] : [{ slice, part }];
    });
    // One query over the whole window, nothing to prove afterwards.
    const atOnce = (olderClaims) => ({
        horizonMs: delivery.horizonMs,
        older: window,
        fresh: undefined,
        olderClaims,
        freshSlices: [],
        markerRegions: []
    });
    if (delivery.kind === 'old-window') {
        return atOnce(windows.map(w => claim(w.slice, w.part, 'old-window')));
    }
    const freshFrom = delivery.kind === 'barrier' ? delivery.fresh.start : delivery.freshFrom;
    if (delivery.kind === 'skipped') {
        // Read, but not proven delivered to S3: counted only because the user turned the wait off.
        const olderClaims = windows.flatMap(({ slice, part }) => [
            ...(part.start < freshFrom ? [claim(slice, { start: part.start, end: freshFrom }, 'old-window')] : []),
            claim(slice, { start: freshFrom, end: part.end }, 'unproven')
        ]);
        return atOnce(olderClaims);
    }
    const olderEnd = new Date(freshFrom.getTime() - SECOND);
    const olderClaims = windows.flatMap(({ slice, part }) => part.start <= olderEnd
        ? [claim(slice, { start: part.start, end: part.end < olderEnd ? part.end : olderEnd }, 'old-window')]
        : []);
    const freshSlices = windows.flatMap(({ slice, part }) => part.end >= freshFrom
        ? [
            {
                slice,
                window: { start: part.start > freshFrom ? part.start : freshFrom, end: part.end },
                regions: slice.region === coverage/* ANY */.x4 ? regionsOfAny : [slice.region]
            }
        ]
        : []);
    const markerRegions = [...new Set(freshSlices.flatMap(f => f.regions ?? []))].sort();
    return {
        horizonMs: delivery.horizonMs,
        older: window.start <= olderEnd ? { start: window.start, end: olderEnd } : undefined,
        fresh: { start: freshFrom, end: window.end },
        olderClaims,
        freshSlices,
        markerRegions
    };
}
/**
 * The fresh part's claims: each slice whose every Region's marker was found, proven up to the earliest of those
 * markers (events after a marker, in a window that ends later, are not proven).
 */
function freshClaims(plan, provenUpTo, identity) {
    return plan.freshSlices.flatMap(({ slice, window, regions }) => {
        if (regions === undefined || regions.length === 0)
            return [];
        const times = regions.map(r => provenUpTo.get(r));
        if (times.some(t => t === undefined))
            return [];
        const upTo = Math.min(window.end.getTime(), ...times.map(t => t.getTime()));
        if (upTo < window.start.getTime())
            return [];
        return [
            {
                account: slice.account,
                region: slice.region,
                globalOnly: slice.globalOnly,
                identity,
                window: { start: window.start, end: new Date(upTo) },
                delivered: 'proven'
            }
        ];
    });
}
/** The fresh parts the markers did not prove (a part whose Regions cannot be told is the plan's to report). */
function unprovenParts(plan, provenUpTo) {
    return plan.freshSlices.flatMap(({ slice, window, regions }) => {
        if (regions === undefined || regions.length === 0)
            return [];
        const missing = regions.filter(r => !provenUpTo.has(r));
        if (missing.length > 0)
            return [{ slice, regions: missing, upTo: undefined }];
        const upTo = Math.min(...regions.map(r => provenUpTo.get(r).getTime()));
        // Records carry whole seconds: a marker in the window's last second proves it.
        const last = Math.floor(window.end.getTime() / SECOND) * SECOND;
        return upTo < last ? [{ slice, regions: [], upTo: new Date(upTo) }] : [];
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
/** The query's own scope: its window, a day each side, its Regions and accounts. */
function queryScope(query, window = query.window) {
    return { window, padMs: partitions_DAY_MS, regions: regionScope(query), accounts: accountScope(query) };
}
function ymd(date) {
    return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}
/** `"region" = ?` or `"region" IN (?, ?)`. */
function equalsAny(key, values, params) {
    return values.length === 1
        ? `"${key}" = ${params.string(values[0] ?? '')}`
        : `"${key}" IN (${params.strings(values)})`;
}
function partitionBounds(scope, partitioning, params) {
    const days = [];
    const described = [];
    const warnings = [];
    const first = new Date(scope.window.start.getTime() - scope.padMs);
    const last = new Date(scope.window.end.getTime() + scope.padMs);
    const day = partitioning.day;
    if (day?.kind === 'timestamp') {
        const from = formatDay(first, day.format);
        const to = formatDay(last, day.format);
        days.push(`"timestamp" BETWEEN ${params.string(from)} AND ${params.string(to)}`);
        described.push(`timestamp ${from} to ${to}`);
    }
    else if (day?.kind === 'year-month-day') {
        // Compared as numbers, so a partition added as month='1' rather than '01' is still inside the bounds.
        const year = (key, scale) => `CAST("${key}" AS INTEGER) * ${scale}`;
        days.push(`${year('year', 10_000)} + ${year('month', 100)} + CAST("day" AS INTEGER) BETWEEN ` +
            `${params.integer(ymd(first))} AND ${params.integer(ymd(last))}`);
        described.push(`year/month/day ${formatDay(first, 'yyyy/MM/dd')} to ${formatDay(last, 'yyyy/MM/dd')}`);
    }
    let region;
    if (partitioning.region && scope.regions) {
        region = equalsAny('region', scope.regions, params);
        described.push(`region in ${scope.regions.join(', ')}`);
    }
    let account;
    if (partitioning.account && scope.accounts) {
        account = equalsAny('account', scope.accounts, params);
        described.push(`account in ${scope.accounts.join(', ')}`);
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
    return { days, region, account, described, warnings };
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

;// CONCATENATED MODULE: ./src/sources/athena/trail-events.ts
// The calls that change what a trail writes to S3: StopLogging and DeleteTrail end its files, StartLogging resumes
// them, and UpdateTrail and the event selector calls can change which events (or which bucket) it writes. They are
// management events of cloudtrail.amazonaws.com, in the same files as every other event: the query reads them by
// anyone, beside the identity's events, so a window the trail did not log is never read as clean.
const TRAIL_SOURCE = 'cloudtrail.amazonaws.com';
const TRAIL_CHANGES = [
    'StopLogging',
    'StartLogging',
    'DeleteTrail',
    'UpdateTrail',
    'PutEventSelectors',
    'PutAdvancedEventSelectors'
];
function isTrailChange(source, name) {
    return source === TRAIL_SOURCE && TRAIL_CHANGES.includes(name);
}
/** The SQL condition for those events: our own words only, no input. */
const TRAIL_CHANGE_SQL = `(eventsource = '${TRAIL_SOURCE}' AND eventname IN (` + TRAIL_CHANGES.map(n => `'${n}'`).join(', ') + '))';

;// CONCATENATED MODULE: ./src/sources/athena/sql.ts




// The query of a window (or of a part of it: the older part, then the fresh part once its delivery is proven).
// Every condition here only narrows what Athena sends back: each is implied by what the judge accepts, never the
// other way round, so the judge still decides every row (a wider WHERE costs rows, a narrower one would hide
// events). Beside the identity's events it reads every trail change (trail-events.ts), by anyone, for gaps.ts.
// Every value from an input is a parameter; the SQL text holds only our own words and the validated table name.
// Kept to SQL that Athena (Trino) and DuckDB read the same way.
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
    'resources',
    'trailparameters'
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
    resources: 'resources',
    // requestParameters of the trail changes only (trail-events.ts): every other row carries NULL, so the result
    // is no larger for it.
    trailparameters: `CASE WHEN ${TRAIL_CHANGE_SQL} THEN requestparameters END`
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
function selectList(partitioning) {
    return COLUMNS.map(c => {
        // A table without requestparameters: a trail change's trail cannot be read (gaps.ts says so).
        const expression = c === 'trailparameters' && !partitioning.columns.has('requestparameters')
            ? 'CAST(NULL AS VARCHAR)'
            : SELECT[c];
        return expression === c ? c : `${expression} AS ${c}`;
    }).join(',\n  ');
}
function buildStatement(query, settings, partitioning, options = {}) {
    const params = new Parameters();
    const window = options.window ?? query.window;
    const scope = queryScope(query, window);
    const own = scope.regions;
    // The trail's changes are read in its home Region too, when the query names other Regions.
    const extra = own ? (options.trailRegions ?? []).filter(r => !own.includes(r)) : [];
    const regions = own && extra.length > 0 ? [...own, ...extra] : own;
    const partitions = partitionBounds({ ...scope, regions }, partitioning, params);
    // Placeholders are positional: each condition is written in the order its values were added.
    const conditions = [...partitions.days, partitions.region, partitions.account].filter((c) => c !== undefined);
    // eventtime is a string such as 2024-01-05T10:00:00Z. The lower bound leaves out the zone, so a time written with
    // fractions of a second still compares inside; the judge then checks the exact instant.
    const start = (0,dates/* isoSeconds */.nE)(window.start).replace(/Z$/, '');
    const end = (0,dates/* isoSeconds */.nE)(window.end);
    conditions.push(`eventtime >= ${params.string(start)}`, `eventtime <= ${params.string(end)}`);
    const identity = [identityCondition(query.identity, params)];
    // An allow-list forbids every name outside it: WHERE may name no event then.
    const events = query.allowed.length > 0 ? undefined : eventCondition(query.patterns, params);
    if (events)
        identity.push(events);
    if (extra.length > 0 && own && partitioning.region)
        identity.push(equalsAny('region', own, params));
    conditions.push(`((${identity.join(' AND ')}) OR ${TRAIL_CHANGE_SQL})`);
    const sql = `SELECT\n  ${selectList(partitioning)}\nFROM "${settings.database}"."${settings.table}"\n` +
        `WHERE ${conditions.join('\n  AND ')}\n` +
        // Copies of one event arrive together, so counting each once needs no set of every id (see Evaluator).
        'ORDER BY eventid';
    return {
        sql,
        columns: COLUMNS,
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
var core_record = __webpack_require__(4130);
;// CONCATENATED MODULE: ./src/sources/athena/gaps.ts




/** Most changes kept: more than a trail ever sees in an audit window; past it the check cannot finish. */
const MAX_CHANGES = 1000;
/** Longest requestParameters read for the trail's name: far above CloudTrail's own for these calls. */
const MAX_PARAMETERS = 256 * 1024;
function trailNamed(parameters) {
    if (parameters === undefined)
        return null;
    if (parameters.length > MAX_PARAMETERS)
        return undefined;
    let value;
    try {
        value = JSON.parse(parameters);
    }
    catch {
        return undefined;
    }
    if (value === null)
        return null;
    if (typeof value !== 'object' || Array.isArray(value))
        return undefined;
    // StopLogging, StartLogging, DeleteTrail and UpdateTrail say `name`; the selector calls `trailName`.
    const name = value['name'] ?? value['trailName'];
    if (name === undefined || name === null)
        return null;
    return typeof name === 'string' && name !== '' && name.length <= 2048 ? name : undefined;
}
/** The successful trail changes of a result, bounded. */
class TrailChanges {
    list = [];
    overflow = false;
    /** `parameters`: the row's trailparameters; `readable`: the table has a requestparameters column. */
    add(record, parameters, readable) {
        if (!isTrailChange(record.source, record.name) || record.errorCode !== null)
            return;
        if (this.list.length >= MAX_CHANGES) {
            this.overflow = true;
            return;
        }
        const trail = readable ? trailNamed(parameters) : undefined;
        this.list.push({
            eventId: (0,bounded/* clip */.$Q)(record.id, 80),
            time: record.time,
            name: record.name,
            region: (0,bounded/* clip */.$Q)(record.region, 40),
            by: record.userIdentity?.arn === undefined ? null : (0,bounded/* clip */.$Q)(record.userIdentity.arn, 200),
            trail,
            ...(readable && trail === undefined && { unreadable: true })
        });
    }
}
function namesTrail(ref, trail) {
    return ref === trail.name || ref === trail.arn;
}
function describe(change) {
    return `${change.name}${change.by ? ` by ${change.by}` : ''} at ${(0,dates/* isoSeconds */.nE)(change.time)}`;
}
/**
 * The gaps of one trail writing the bucket, inside `window`. What cannot be told is a gap too: a change whose
 * requestParameters could not be read (other than a StartLogging, which only ever ends one) may be this trail's,
 * and past `MAX_CHANGES` (`overflowed`) the changes not kept may be.
 */
function gapsOf(trail, changes, status, window, overflowed = false) {
    const gaps = [];
    const gap = (start, end, cause) => {
        const from = start > window.start ? start : window.start;
        const to = end < window.end ? end : window.end;
        if (from <= to)
            gaps.push({ trail: trail.name, window: { start: from, end: to }, cause });
    };
    const mine = changes
        .filter(c => typeof c.trail === 'string' && namesTrail(c.trail, trail))
        .sort((a, b) => a.time.getTime() - b.time.getTime());
    let stopped;
    let seenStop = false;
    for (const change of mine) {
        if (change.name === 'StopLogging' || change.name === 'DeleteTrail') {
            stopped ??= change;
            seenStop = true;
        }
        else if (change.name === 'StartLogging') {
            if (stopped)
                gap(stopped.time, change.time, `${describe(stopped)}, until ${describe(change)}`);
            // Logging resumed without a stop in the window: it had been stopped since before the window began.
            else if (!seenStop)
                gap(window.start, change.time, `logging stopped before the window, until ${describe(change)}`);
            stopped = undefined;
        }
        else {
            gap(change.time, window.end, `${describe(change)}: what the trail writes may have changed`);
        }
    }
    if (stopped)
        gap(stopped.time, window.end, describe(stopped));
    for (const change of changes) {
        if (change.unreadable && change.name !== 'StartLogging') {
            gap(change.time, window.end, `${describe(change)}: which trail it changed could not be read`);
        }
    }
    if (overflowed) {
        gap(window.start, window.end, `more than ${MAX_CHANGES.toLocaleString('en')} trail changes: the rest not examined`);
    }
    if (status?.isLogging === false) {
        const since = status.stopLoggingTime;
        gap(since ?? window.start, window.end, `GetTrailStatus: not logging${since ? ` since ${(0,dates/* isoSeconds */.nE)(since)}` : ''}`);
    }
    return gaps;
}
/** A claim affected by a trail: every Region of a multi-Region trail, else its home Region (and `*`). */
function affects(trail, claim) {
    return trail.multiRegion || claim.region === coverage/* ANY */.x4 || claim.region === trail.homeRegion;
}
/** The claims without the gaps' time, for the trails each gap is on. */
function withoutGaps(claims, gaps) {
    return claims.flatMap(claim => {
        const cut = gaps.filter(g => affects(g.of, claim)).map(g => g.window);
        if (cut.length === 0)
            return [claim];
        return (0,coverage/* gapsIn */.vY)(claim.window, cut).map(window => ({ ...claim, window }));
    });
}

;// CONCATENATED MODULE: ./src/sources/athena/rows.ts



// A result row as a TrailRecord, validated as strictly as a LookupEvents record: a row without an event id, a
// valid eventtime, an event name, an event source or a Region cannot be judged, and makes the scan incomplete.
const INDEX = Object.fromEntries(COLUMNS.map((name, i) => [name, i]));
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
function required(get, column, id) {
    const value = get(column);
    if (value === undefined || value === '')
        throw new core_record/* RecordError */.W1(`it has no ${column}`, id);
    return value;
}
function timeOf(text, id) {
    const ms = ISO_TIME.test(text) ? Date.parse(text) : NaN;
    if (!Number.isFinite(ms))
        throw new core_record/* RecordError */.W1(`its eventtime ${JSON.stringify(text.slice(0, 40))} is not a valid time`, id);
    return new Date(Math.floor(ms / 1000) * 1000);
}
/** Sets only the fields present, so an absent one reads as absent (exactOptionalPropertyTypes); true if any. */
function put(target, key, value) {
    if (value === undefined)
        return false;
    target[key] = value;
    return true;
}
// Written out field by field: this runs for every row of a result (a million in a year's audit), and building
// the objects through Object.entries cost a tenth of the whole read's allocations.
function identityOf(get) {
    const issuer = {};
    const hasIssuer = [
        put(issuer, 'type', get('sessionissuer_type')),
        put(issuer, 'arn', get('sessionissuer_arn')),
        put(issuer, 'userName', get('sessionissuer_username'))
    ].includes(true);
    const who = {};
    const hasWho = [
        put(who, 'type', get('useridentity_type')),
        put(who, 'arn', get('useridentity_arn')),
        put(who, 'accountId', get('useridentity_accountid')),
        put(who, 'userName', get('useridentity_username'))
    ].includes(true);
    if (!hasWho && !hasIssuer)
        return undefined;
    if (hasIssuer)
        who.sessionContext = { sessionIssuer: issuer };
    return who;
}
/** Longest `resources` cell parsed: longer ones (no real event has that many resources) are shown cut. */
const MAX_RESOURCES_CELL = 64 * 1024;
/** Longest other cell: far above any identity field CloudTrail writes; a longer one cannot be judged. */
const MAX_CELL = 8 * 1024;
/** Cells bounded where they are read, not here: resources (above) and a trail change's parameters (gaps.ts). */
const OWN_BOUNDS = new Set(['resources', 'trailparameters']);
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
    if (value !== undefined && !OWN_BOUNDS.has(column) && value.length > MAX_CELL) {
        const id = row[INDEX.eventid];
        throw new core_record/* RecordError */.W1(`its ${column} is ${value.length} characters long (at most ${MAX_CELL})`, id === undefined ? undefined : (0,bounded/* clip */.$Q)(id, 80));
    }
    return value;
}
function fromAthenaRow(row) {
    const get = column => cellOf(row, column);
    const id = required(get, 'eventid', undefined);
    const userIdentity = identityOf(get);
    return (0,core_record/* withinLimits */.oA)({
        id,
        time: timeOf(required(get, 'eventtime', id), id),
        name: required(get, 'eventname', id),
        source: required(get, 'eventsource', id),
        region: required(get, 'awsregion', id),
        username: (0,core_record/* usernameOf */.cR)(userIdentity),
        userIdentity,
        // Some SerDes render NULL as '': an empty errorCode is no error, and must not read as a denied call.
        errorCode: (0,core_record/* absentIfEmpty */.g9)(get('errorcode')),
        readOnly: readOnlyOf(get('readonly')),
        resources: resourceArns(get('resources')),
        sourceIp: (0,core_record/* absentIfEmpty */.g9)(get('sourceipaddress')),
        requestId: (0,core_record/* absentIfEmpty */.g9)(get('requestid'))
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

;// CONCATENATED MODULE: ./src/sources/athena/results.ts






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
/** Athena documents its page tokens as at most 1,024 characters. */
const MAX_RESULT_TOKEN = 1024;
function malformed(reason) {
    return new errors/* SourceFailure */.oi('malformed-result', reason);
}
function checkHeader(row, columns) {
    const header = row ?? [];
    if (header.length !== columns.length || header.some((name, i) => name !== columns[i])) {
        throw malformed(`the result's header row is ${(0,bounded/* quote */.hD)(JSON.stringify(header.slice(0, 30)))}, not the columns the query selected`);
    }
}
/** Every page of the result, header checked and passed over, each row checked for its number of values. */
async function* readResults(id, columns, stats, deps) {
    const fetch = async (token) => {
        const input = {
            QueryExecutionId: id,
            MaxResults: deps.pageSize ?? 1000,
            ...(token !== undefined && { NextToken: token })
        };
        const output = await call('GetQueryResults', signal => deps.athena.send(new client_athena_dist_cjs/* GetQueryResultsCommand */.sAK(input), { abortSignal: signal }), deps);
        // Read once from the raw answer by the client's middleware, else from the SDK's output (result-pages.ts).
        return takeParsedPage(input) ?? pageOf(output);
    };
    const pages = (0,aws_pages/* paginate */.E)(fetch, parsed => (parsed.ok ? parsed.page.nextToken : undefined), new aws_pages/* TokenGuard */.N('GetQueryResults', MAX_RESULT_TOKEN));
    for await (const parsed of pages) {
        if (!parsed.ok)
            throw malformed(`GetQueryResults page ${stats.pages + 1} ${parsed.problem}`);
        const page = parsed.page;
        const first = stats.pages === 0 ? 1 : 0;
        if (stats.pages === 0)
            checkHeader(page.count > 0 ? page.row(0) : undefined, columns);
        for (let i = first; i < page.count; i++) {
            if (page.width(i) !== columns.length) {
                throw malformed(`a result row has ${page.width(i)} values, not the ${columns.length} columns the query selected (page ${stats.pages + 1})`);
            }
        }
        stats.pages += 1;
        stats.rows += page.count - first;
        yield { page, first };
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

;// CONCATENATED MODULE: ./src/sources/athena/runner.ts








/** Athena documents a QueryExecutionId as at most 128 characters. */
const MAX_EXECUTION_ID = 128;
function record(execution, stats) {
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
        record(execution, stats);
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
    yield* readResults(id, statement.columns, stats, deps);
    await checkRowCount(id, stats, deps);
}
/** {@link queryRows} with a callback per page. */
async function runQuery(statement, settings, deps, stats, onRows) {
    for await (const { page, first } of queryRows(statement, settings, deps, stats)) {
        const rows = [];
        for (let i = first; i < page.count; i++)
            rows.push(page.row(i));
        onRows(rows);
    }
}

;// CONCATENATED MODULE: ./src/sources/athena/read.ts








function newProgress() {
    return {
        lastId: undefined,
        stats: emptyStats(),
        queries: [],
        polls: { count: 0, bytes: 0, costUsd: 0 },
        bounds: [],
        warnings: [],
        changes: new TrailChanges(),
        parametersReadable: true,
        freshness: null,
        trail: null
    };
}
/** Log a progress line every this many result pages. */
const PROGRESS_EVERY = 50;
/**
 * Records handed on at a time. The run holds the last part it judged while the next is made, and V8 grows its
 * young generation by what survives each scavenge: a whole page of records (1,000) surviving every collection took
 * it to its 128 MB maximum; parts of 50 keep it at 32 MB.
 */
const BATCH = 50;
const TRAIL_PARAMETERS = COLUMNS.indexOf('trailparameters');
/** Compares as the engines sort VARCHAR: by UTF-8 bytes (the same as `<` for ASCII, which event ids are). */
function utf8Order(a, b) {
    // eslint-disable-next-line no-control-regex
    const ascii = /^[\x00-\x7f]*$/;
    if (ascii.test(a) && ascii.test(b))
        return a < b ? -1 : a > b ? 1 : 0;
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
/**
 * Rows `from` to `to` of a page as records, each row read from the page's bytes only as its record is made: the
 * page is never held as rows of strings beside its records.
 */
function decodeRows(rows, from, to, progress) {
    const page = progress.stats.pages;
    const records = [];
    for (let i = from; i < to; i++) {
        let record;
        const row = rows.page.row(i);
        try {
            record = fromAthenaRow(row);
        }
        catch (error) {
            if (!(error instanceof core_record/* RecordError */.W1))
                throw error;
            const where = `page ${page} of the Athena result`;
            throw new errors/* SourceFailure */.oi('bad-record', (0,core_record/* describeRecordError */.rp)(new core_record/* PageRecordError */.jS(error, i - rows.first), where));
        }
        if (progress.lastId !== undefined && utf8Order(record.id, progress.lastId) < 0) {
            throw new errors/* SourceFailure */.oi('malformed-result', `row ${i - rows.first + 1} of page ${page} of the Athena result is out of the eventid order the query asked for`);
        }
        progress.lastId = record.id;
        if (isTrailChange(record.source, record.name)) {
            progress.changes.add(record, row[TRAIL_PARAMETERS], progress.parametersReadable);
        }
        records.push(record);
    }
    return records;
}
/** Every row of `statement` (the `part` of the window it reads, for the summary) as records. */
async function* readRecords(statement, part, settings, deps) {
    const { progress, sink } = deps;
    // Each query is sorted on its own: the order is checked within it.
    progress.stats = emptyStats();
    progress.queries.push({ part, stats: progress.stats });
    progress.lastId = undefined;
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
        // At least one part, so an empty page is still counted as a page read.
        let from = page.first;
        do {
            const to = Math.min(page.page.count, from + BATCH);
            yield { records: decodeRows(page, from, to, progress), first: from === page.first };
            from = to;
        } while (from < page.page.count);
        if (progress.stats.pages % PROGRESS_EVERY === 0) {
            sink?.info(`Athena: ${progress.stats.pages} pages, ${progress.stats.rows} rows read`);
        }
    }
    const unchecked = "Athena's own count of the result's rows was not checked (athena:GetQueryRuntimeStatistics): the pages " +
        'were validated one by one instead.';
    // Said once, however many queries the run made.
    if (progress.stats.rowCountChecked === false && !progress.warnings.includes(unchecked)) {
        progress.warnings.push(unchecked);
    }
}
function runInfo(settings, progress) {
    const queries = progress.queries.map(({ part, stats: s }) => ({
        part,
        queryExecutionId: s.queryExecutionId ?? null,
        state: s.state ?? null,
        dataScannedBytes: s.dataScannedBytes,
        // Nothing is billed for a query that never started.
        estimatedCostUsd: s.queryExecutionId ? estimatedCostUsd(s.dataScannedBytes) : 0,
        rows: s.rows
    }));
    const sum = (of) => progress.queries.reduce((n, q) => n + of(q.stats), 0);
    const first = queries[0];
    return {
        table: `${settings.database}.${settings.table}`,
        workgroup: settings.workgroup,
        queryExecutionId: first?.queryExecutionId ?? null,
        state: first?.state ?? null,
        dataScannedBytes: sum(s => s.dataScannedBytes) + progress.polls.bytes,
        engineMs: sum(s => s.engineMs),
        totalMs: sum(s => s.totalMs),
        estimatedCostUsd: queries.reduce((n, q) => n + q.estimatedCostUsd, 0) + progress.polls.costUsd,
        rows: sum(s => s.rows),
        pages: sum(s => s.pages),
        bounds: progress.bounds,
        warnings: progress.warnings,
        queries,
        freshness: progress.freshness,
        trail: progress.trail
    };
}
function strategyOf(settings, bounds, fresh) {
    const pruned = bounds.length > 0 ? `partitions bounded by ${bounds.join('; ')}` : 'no partition bounds';
    const table = `${settings.database}.${settings.table} (workgroup ${settings.workgroup})`;
    const how = `${pruned}; identity, window and event names in WHERE, and every trail change; every row judged here.`;
    return fresh
        ? `Two Amazon Athena queries on ${table}: the window's older part at once, its fresh part once this run's ` +
            `delivery markers show in the table; ${how}`
        : `One Amazon Athena query on ${table}: ${how}`;
}

;// CONCATENATED MODULE: ./src/sources/athena/trails.ts





function locationOf(location) {
    const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/.exec(location ?? '');
    const path = match?.[2];
    if (match?.[1] === undefined || path === undefined)
        return undefined;
    const at = `/${path}`.indexOf('/AWSLogs/');
    if (at < 0)
        return undefined;
    return { bucket: match[1], prefix: path.slice(0, Math.max(0, at - 1)).replace(/\/+$/, '') };
}
const trails_text = (value, max) => typeof value === 'string' && value !== '' ? (0,bounded/* clip */.$Q)(value, max) : undefined;
/** A trail from an answer, or undefined for one without a name, an ARN or a bucket. */
function trailOf(value) {
    if (!(0,answer_check/* isObject */.Gv)(value))
        return undefined;
    const name = trails_text(value['Name'], 128);
    const arn = trails_text(value['TrailARN'], 512);
    const bucket = trails_text(value['S3BucketName'], 63);
    if (name === undefined || arn === undefined || bucket === undefined)
        return undefined;
    return {
        name,
        arn,
        bucket,
        prefix: (trails_text(value['S3KeyPrefix'], 200) ?? '').replace(/\/+$/, ''),
        homeRegion: trails_text(value['HomeRegion'], 40),
        multiRegion: value['IsMultiRegionTrail'] !== false
    };
}
function writes(trail, location) {
    return trail.bucket === location.bucket && trail.prefix === location.prefix;
}
function why(error, permission) {
    if (!(error instanceof errors/* SourceFailure */.oi))
        throw error;
    return error.code === 'access-denied' ? `${permission} is not allowed` : (0,bounded/* quote */.hD)(error.reason, 200);
}
/** Every trail DescribeTrails shows in these Regions (shadow trails included), or why it could not. */
async function describeTrails(regions, clientFor, deps) {
    const trails = new Map();
    for (const region of regions) {
        try {
            const output = await call('CloudTrail DescribeTrails', signal => clientFor(region).send(new client_cloudtrail_dist_cjs/* DescribeTrailsCommand */.oSd({ includeShadowTrails: true }), {
                abortSignal: signal
            }), deps);
            const list = output.trailList;
            for (const item of Array.isArray(list) ? list.slice(0, 1000) : []) {
                const trail = trailOf(item);
                if (trail)
                    trails.set(trail.arn, trail);
            }
        }
        catch (error) {
            return { trails: [...trails.values()], problem: why(error, 'cloudtrail:DescribeTrails') };
        }
    }
    return { trails: [...trails.values()], problem: undefined };
}
/** One trail by name or ARN (GetTrail), or undefined with why (denied, not found). */
async function getTrail(ref, region, clientFor, deps) {
    try {
        const output = await call('CloudTrail GetTrail', signal => clientFor(region).send(new client_cloudtrail_dist_cjs/* GetTrailCommand */.mp6({ Name: ref }), { abortSignal: signal }), deps);
        const trail = trailOf(output.Trail);
        return { trail, problem: trail ? undefined : 'GetTrail answered without the trail' };
    }
    catch (error) {
        return { trail: undefined, problem: why(error, 'cloudtrail:GetTrail') };
    }
}
async function trailStatus(trail, region, clientFor, deps) {
    try {
        const output = await call('CloudTrail GetTrailStatus', 
        // By ARN: a multi-Region trail answers so in every Region it shows in.
        signal => clientFor(region).send(new client_cloudtrail_dist_cjs/* GetTrailStatusCommand */.aMm({ Name: trail.arn }), { abortSignal: signal }), deps);
        const logging = output.IsLogging;
        const stopped = output.StopLoggingTime;
        return {
            arn: trail.arn,
            isLogging: typeof logging === 'boolean' ? logging : undefined,
            latestDeliveryError: trails_text(output.LatestDeliveryError, 200),
            stopLoggingTime: stopped instanceof Date && Number.isFinite(stopped.getTime()) ? stopped : undefined,
            problem: typeof logging === 'boolean' ? undefined : 'GetTrailStatus answered without IsLogging'
        };
    }
    catch (error) {
        const problem = why(error, 'cloudtrail:GetTrailStatus');
        return {
            arn: trail.arn,
            isLogging: undefined,
            latestDeliveryError: undefined,
            stopLoggingTime: undefined,
            problem
        };
    }
}

;// CONCATENATED MODULE: ./src/sources/athena/trail-check.ts




// The trail check around a read: before it, which trails write the table's bucket (so their own changes are read in
// their home Region too); after it, whether they are logging and which changes the read found on them. What cannot
// be tied to the bucket is a warning, never a failure; what can is a gap (gaps.ts).
/** Trails a change names that the gate looks up with GetTrail, at most. */
const MAX_LOOKUPS = 5;
async function findWriters(location, deps) {
    if (location === undefined) {
        return {
            location,
            known: [],
            writers: [],
            problem: "the table's location is not a trail's AWSLogs/ folder"
        };
    }
    const { trails, problem } = await describeTrails(deps.regions, deps.clientFor, deps.call);
    return { location, known: trails, writers: trails.filter(t => writes(t, location)), problem };
}
/** The Regions where the writers record their own changes (their home Regions). */
function homeRegions(writers) {
    return [...new Set(writers.writers.flatMap(w => w.homeRegion ?? []))];
}
function where(location) {
    return `s3://${location.bucket}/${location.prefix === '' ? '' : `${location.prefix}/`}`;
}
async function checkTrails(found, changes, window, accept, deps) {
    const writers = [...found.writers];
    const known = [...found.known];
    const warnings = [];
    const region = deps.regions[0] ?? 'us-east-1';
    const named = changes.list.filter((c) => typeof c.trail === 'string');
    const unknown = [...new Set(named.map(c => c.trail))].filter(ref => !known.some(t => namesTrail(ref, t)));
    const lookups = [];
    for (const ref of unknown.slice(0, MAX_LOOKUPS)) {
        const { trail, problem } = await getTrail(ref, region, deps.clientFor, deps.call);
        if (trail === undefined) {
            lookups.push(`${ref}: ${problem ?? 'not found'}`);
            continue;
        }
        known.push(trail);
        if (found.location && writes(trail, found.location) && !writers.some(w => w.arn === trail.arn))
            writers.push(trail);
    }
    for (const change of named) {
        if (known.some(t => namesTrail(change.trail, t)))
            continue;
        warnings.push(`${change.name} at ${(0,dates/* isoSeconds */.nE)(change.time)} names the trail ${change.trail}, which the gate cannot tie to ` +
            `the table's bucket (${found.problem ?? 'DescribeTrails does not show it'}` +
            `${lookups.length > 0 ? `; GetTrail: ${(0,bounded/* listSome */.XT)(lookups, 2)}` : ''})`);
    }
    for (const change of changes.list.filter(c => c.trail === undefined)) {
        warnings.push(`${change.name} at ${(0,dates/* isoSeconds */.nE)(change.time)}: which trail it changed could not be read from its ` +
            'requestParameters');
    }
    if (changes.overflow)
        warnings.push('More trail changes than the gate examines (1,000): the rest were not checked.');
    const statuses = [];
    for (const writer of writers.slice(0, MAX_LOOKUPS)) {
        statuses.push(await trailStatus(writer, region, deps.clientFor, deps.call));
    }
    const gaps = writers.flatMap(w => gapsOf(w, changes.list, statuses.find(s => s.arn === w.arn), window, changes.overflow).map(g => ({ ...g, of: w })));
    const report = {
        location: found.location ? where(found.location) : null,
        trails: writers.map(w => {
            const status = statuses.find(s => s.arn === w.arn);
            return {
                name: w.name,
                arn: w.arn,
                homeRegion: w.homeRegion ?? null,
                multiRegion: w.multiRegion,
                isLogging: status?.isLogging ?? null,
                latestDeliveryError: status?.latestDeliveryError ?? null,
                statusProblem: status?.problem ?? null
            };
        }),
        problem: writers.length > 0 ? null : (found.problem ?? 'no trail DescribeTrails shows writes there'),
        changes: changes.list.length,
        gaps: gaps.map(g => ({
            trail: g.trail,
            start: (0,dates/* isoSeconds */.nE)(g.window.start),
            end: (0,dates/* isoSeconds */.nE)(g.window.end),
            cause: g.cause
        })),
        accepted: accept && gaps.length > 0,
        warnings: [
            ...warnings.slice(0, 10),
            ...(warnings.length > 10 ? [`…and ${warnings.length - 10} more`] : [])
        ]
    };
    return { report, gaps };
}
/** The failure's reason for gaps not accepted. */
function gapReason(report, acceptInput) {
    const list = (0,bounded/* listSome */.XT)(report.gaps.map(g => `${g.trail} ${g.start} to ${g.end} (${g.cause})`), 3, 300);
    return (`the trail writing ${report.location ?? "the table's bucket"} did not log all of the window: ${list}. Its ` +
        `files hold nothing from that time, so that part is not covered; set ${acceptInput} to true to accept it`);
}

// EXTERNAL MODULE: ./src/aws/marker.ts
var aws_marker = __webpack_require__(735);
// EXTERNAL MODULE: ./src/sources/lookup-events/barrier/await.ts
var barrier_await = __webpack_require__(7475);
;// CONCATENATED MODULE: ./src/sources/athena/freshness.ts






/** Request IDs are UUIDs: anything else from an STS answer is not looked for in SQL. */
const REQUEST_ID = /^[A-Za-z0-9-]{1,128}$/;
function failed(region, problem) {
    const none = { account: null, requestId: null, callerArn: null, sentAt: null };
    return { region, ...none, foundAfterMs: null, eventTime: null, problem: (0,bounded/* clip */.$Q)(problem, 400) };
}
function outcomeOf(p, problem) {
    const m = p.marker;
    return {
        region: m.region,
        account: m.account ?? null,
        requestId: m.requestId,
        callerArn: (0,bounded/* clip */.$Q)(m.callerArn, 300),
        sentAt: (0,dates/* isoSeconds */.nE)(new Date(m.sentAt)),
        foundAfterMs: p.found?.afterMs ?? null,
        eventTime: p.found?.eventTime ?? null,
        problem: p.found ? null : problem
    };
}
async function place(region, deps) {
    try {
        const sts = await deps.stsFor(region);
        const marker = await (0,aws_marker/* placeMarker */.M)(region, sts, deps);
        if (!REQUEST_ID.test(marker.requestId)) {
            return failed(region, `has no usable request ID (STS answered ${(0,bounded/* quote */.hD)(marker.requestId, 60)})`);
        }
        deps.own.add(marker.requestId);
        const cannot = deps.cannotShow(marker);
        deps.progress?.(`[${region}] delivery marker placed: GetCallerIdentity as ${(0,bounded/* clip */.$Q)(marker.callerArn, 200)}, request ` +
            `${marker.requestId}; looking for it in the table`);
        return cannot === undefined ? { marker } : failed(region, cannot);
    }
    catch (error) {
        if (deps.signal.aborted)
            throw error;
        const reason = error instanceof errors/* SourceFailure */.oi ? error.reason : (0,bounded/* quote */.hD)((0,errors/* errorMessage */.gJ)(error));
        return failed(region, `could not be made (${reason.replace(/\.+$/, '')})`);
    }
}
/** Marks the markers a poll's rows show (request ID and Region both theirs). */
function markFound(pending, rows, afterMs) {
    for (const [requestId, region, eventTime] of rows) {
        const p = pending.find(q => q.marker.requestId === requestId && q.marker.region === region);
        if (p === undefined || p.found)
            continue;
        const time = Date.parse(eventTime ?? '');
        p.found = {
            afterMs: afterMs(p),
            eventTime: Number.isFinite(time) ? (0,dates/* isoSeconds */.nE)(new Date(time)) : (0,dates/* isoSeconds */.nE)(new Date(p.marker.sentAt))
        };
    }
}
/**
 * Places a marker in each Region and polls until every marker shows, or delivery-timeout-minutes passes (then
 * those not found say so). Never throws for AWS failures: each Region's outcome says what went wrong.
 */
async function proveFresh(regions, deps) {
    const { clock } = deps;
    const placed = await Promise.all(regions.map(region => place(region, deps)));
    const pending = placed.filter((p) => 'marker' in p);
    const refused = placed.filter((p) => !('marker' in p));
    let polls = 0;
    let problem = '';
    if (pending.length > 0) {
        const start = Math.min(...pending.map(p => p.marker.sentAt));
        const until = start + deps.timeoutMs;
        let wait = deps.firstPollMs;
        while (pending.some(p => !p.found)) {
            const now = clock.now();
            if (now >= until) {
                problem =
                    `was not in the table after ${(0,core_delivery/* formatDuration */.a3)(deps.timeoutMs)} (delivery-timeout-minutes, ${polls} ` +
                        `polls): CloudTrail had not delivered the file holding it to S3`;
                break;
            }
            await clock.sleep(Math.min(wait, until - now), deps.signal);
            wait = Math.min(deps.maxPollMs, Math.round(wait * 1.5));
            const open = pending.filter(p => !p.found);
            try {
                polls += 1;
                const rows = await deps.poll(open.map(p => probeOf(p.marker)));
                markFound(open, rows, p => clock.now() - p.marker.sentAt);
            }
            catch (error) {
                if (!(error instanceof errors/* SourceFailure */.oi) || deps.signal.aborted)
                    throw error;
                problem = `was not looked for to the end: a poll query failed (${error.reason.replace(/\.+$/, '')})`;
                break;
            }
            const missing = pending.filter(p => !p.found).map(p => p.marker.region);
            if (missing.length > 0) {
                const elapsed = (0,core_delivery/* formatDuration */.a3)(clock.now() - start);
                deps.progress?.(`[${missing.join(', ')}] marker not in the table yet, ${elapsed} (${polls} polls)`);
            }
        }
    }
    const lags = pending.flatMap(p => (p.found ? [p.found.afterMs] : []));
    const marginMs = lags.length > 0 ? (0,barrier_await/* safetyMarginMs */.v$)(Math.max(...lags)) : 0;
    if (marginMs > 0) {
        deps.progress?.(`Markers found in the table; waiting ${(0,core_delivery/* formatDuration */.a3)(marginMs)} more for events delivered out of order`);
        await clock.sleep(marginMs, deps.signal);
    }
    return { markers: [...pending.map(p => outcomeOf(p, problem)), ...refused], polls, marginMs };
}
function probeOf(marker) {
    return {
        region: marker.region,
        account: marker.account,
        requestId: marker.requestId,
        sentAt: marker.sentAt
    };
}

;// CONCATENATED MODULE: ./src/sources/athena/marker-sql.ts



// The poll that looks for this run's delivery markers in the table: their request IDs, in the newest day folders
// only (from the day of the first marker to today), of the markers' Regions and accounts where the table has those
// keys. So a poll of a partitioned table costs Athena's 10 MB minimum, however large the table.
/** The runner's clock may be this far from AWS's: the folders and times looked at reach this far each side. */
const MARKER_SKEW_MS = 60_000;
const MARKER_COLUMNS = ['requestid', 'awsregion', 'eventtime'];
function markerStatement(markers, settings, partitioning, nowMs) {
    const params = new Parameters();
    const first = Math.min(...markers.map(m => m.sentAt));
    const window = { start: new Date(first - MARKER_SKEW_MS), end: new Date(nowMs + MARKER_SKEW_MS) };
    const regions = [...new Set(markers.map(m => m.region))];
    const accounts = [...new Set(markers.flatMap(m => m.account ?? []))];
    const bounds = partitionBounds({
        window,
        // A file is foldered by the day it was delivered, never before the call it holds.
        padMs: 0,
        regions,
        // An unknown account leaves the account key unbounded rather than guessed.
        accounts: markers.every(m => m.account !== undefined) ? accounts : undefined
    }, partitioning, params);
    const conditions = [...bounds.days, bounds.region, bounds.account].filter((c) => c !== undefined);
    conditions.push(`eventsource = 'sts.amazonaws.com'`, `eventname = 'GetCallerIdentity'`, `eventtime >= ${params.string((0,dates/* isoSeconds */.nE)(window.start).replace(/Z$/, ''))}`, `eventtime <= ${params.string((0,dates/* isoSeconds */.nE)(window.end))}`, `requestid IN (${params.strings(markers.map(m => m.requestId))})`);
    const sql = `SELECT ${MARKER_COLUMNS.join(', ')}\nFROM "${settings.database}"."${settings.table}"\n` +
        `WHERE ${conditions.join('\n  AND ')}`;
    return {
        sql,
        columns: MARKER_COLUMNS,
        parameters: params.list(),
        bounds: bounds.described,
        warnings: bounds.warnings,
        everyEventOfIdentity: false
    };
}

;// CONCATENATED MODULE: ./src/sources/athena/task.ts













async function* part(statement, name, env, ctx) {
    const { progress } = env;
    const reading = readRecords(statement, name, env.settings, { ...env.runner, progress, sink: ctx.progress });
    for await (const { records, first } of reading) {
        yield { records, where: `page ${progress.stats.pages} of the Athena result (${name})`, fetched: first };
    }
}
/** One poll: the rows of the markers found, its cost counted. */
async function poll(markers, env, ctx) {
    const statement = markerStatement(markers, env.settings, env.partitioning, ctx.clock.now());
    const stats = emptyStats();
    const rows = [];
    try {
        for await (const { page, first } of queryRows(statement, env.settings, env.runner, stats)) {
            for (let i = first; i < page.count && rows.length < 1000; i++)
                rows.push(page.row(i));
        }
    }
    finally {
        env.progress.polls.count += 1;
        env.progress.polls.bytes += stats.dataScannedBytes;
        if (stats.queryExecutionId)
            env.progress.polls.costUsd += estimatedCostUsd(stats.dataScannedBytes);
    }
    return rows;
}
function freshness(task, env, ctx) {
    return proveFresh(task.plan.markerRegions, {
        clock: ctx.clock,
        random: ctx.random,
        signal: ctx.signal,
        stsFor: env.stsFor,
        own: ctx.own,
        poll: markers => poll(markers, env, ctx),
        cannotShow: task.cannotShow,
        timeoutMs: env.query.delivery.timeoutMs,
        firstPollMs: env.pollFirstMs,
        maxPollMs: env.pollMaxMs,
        progress: line => ctx.progress?.info(line)
    });
}
/** What the markers did not prove, in words; '' when they proved every fresh part they could. */
function notFresh(task, outcome, proven) {
    const fresh = task.plan.fresh;
    const unproven = unprovenParts(task.plan, proven);
    if (fresh === undefined || unproven.length === 0)
        return '';
    const regions = new Set(unproven.flatMap(u => u.regions));
    const why = (outcome?.markers ?? [])
        .filter(m => regions.has(m.region))
        .map(m => {
        const call = m.requestId
            ? ` (STS GetCallerIdentity, request ID ${m.requestId}, at ${m.sentAt ?? '?'})`
            : '';
        return `${m.region}: the marker${call} ${(m.problem ?? 'was not found').replace(/\.+$/, '')}`;
    });
    const upTo = unproven.flatMap(u => u.upTo ?? []);
    if (upTo.length > 0) {
        const first = new Date(Math.min(...upTo.map(t => t.getTime())));
        why.push(`the window ends at ${(0,dates/* isoSeconds */.nE)(fresh.end)}, after this run's markers (${(0,dates/* isoSeconds */.nE)(first)}): events after ` +
            'them cannot be proven delivered yet');
    }
    const older = (0,dates/* isoSeconds */.nE)(new Date(fresh.start.getTime() - 1000));
    return (`CloudTrail's delivery of the window to S3 is proven up to ${older} (events more than ` +
        `${(0,core_delivery/* formatDuration */.a3)(task.plan.horizonMs)} before the run), not after it: ${(0,bounded/* listSome */.XT)(why, 4, 400)}; raise ` +
        `${constants/* INPUTS */.mc.deliveryTimeoutMinutes}, or end the window earlier (${constants/* INPUTS */.mc.createdBefore})`);
}
/** Each Region whose marker was found, up to when it proves delivery (the marker call's own time). */
function provenUpTo(outcome) {
    const proven = new Map();
    for (const m of outcome?.markers ?? []) {
        if (m.problem === null && m.sentAt !== null)
            proven.set(m.region, new Date(m.sentAt));
    }
    return proven;
}
function task_record(progress, outcome) {
    if (progress.freshness === null)
        return;
    progress.freshness = {
        ...progress.freshness,
        markers: outcome.markers,
        polls: outcome.polls,
        marginMs: outcome.marginMs,
        pollBytes: progress.polls.bytes,
        pollCostUsd: progress.polls.costUsd
    };
}
async function* readTask(task, env, ctx) {
    const { plan } = task;
    const proving = plan.fresh && plan.markerRegions.length > 0 ? freshness(task, env, ctx) : undefined;
    // Read while the markers wait to show; a failure of the older part must not leave the wait unobserved.
    proving?.catch(() => undefined);
    if (task.older)
        yield* part(task.older, task.fresh ? 'older part' : 'window', env, ctx);
    const outcome = await proving;
    if (outcome)
        task_record(env.progress, outcome);
    if (task.fresh)
        yield* part(task.fresh, 'fresh part', env, ctx);
    const proven = provenUpTo(outcome);
    const claims = [...plan.olderClaims, ...freshClaims(plan, proven, task.identity)];
    const { accept, input } = env.acceptGaps;
    const { report, gaps } = await checkTrails(task.writers, env.progress.changes, env.query.window, accept, env.trails);
    env.progress.trail = report;
    const cut = gaps.length > 0 && !accept;
    const covered = cut ? withoutGaps(claims, gaps) : claims;
    yield { records: [], where: 'the end of the Athena result', fetched: false, covered };
    const reasons = [notFresh(task, outcome, proven), cut ? gapReason(report, input) : ''].filter(r => r !== '');
    if (reasons.length > 0)
        throw new errors/* SourceFailure */.oi(cut ? 'not-covered' : 'delivery', reasons.join('; and '));
}

;// CONCATENATED MODULE: ./src/sources/athena/source.ts




















/** The trail check's calls are a report, not the scan: a few retries, never the scan's whole budget. */
const TRAIL_POLICY = { maxThrottleRetries: 3, maxErrorRetries: 1 };
/** The account an ARN identity names: its events are recorded in that account's trail. */
function identityAccount(query) {
    return query.identity.kind === 'name' ? undefined : query.identity.account;
}
class AthenaSource {
    settings;
    deps;
    name = 'athena';
    clients;
    progress = newProgress();
    strategy = '';
    delivery;
    partitioning;
    trails;
    constructor(settings, deps) {
        this.settings = settings;
        this.deps = deps;
    }
    callDeps(ctx, policy) {
        return {
            clock: ctx.clock,
            random: ctx.random,
            signal: ctx.signal,
            requestTimeoutMs: this.deps.requestTimeoutMs ?? 20_000,
            policy: policy ?? this.deps.athenaPolicy ?? DEFAULT_CALL_POLICY,
            onRetry: kind => ctx.onRetry(this.settings.region, kind)
        };
    }
    trailDeps(ctx, holds) {
        const tableRegions = holds.regions === 'any' ? [] : holds.regions.slice(0, 4);
        return {
            clientFor: this.deps.trailsFor ?? trailClientFactory(this.deps.clientOptions ?? {}),
            call: this.callDeps(ctx, TRAIL_POLICY),
            regions: [...new Set([this.settings.region, ...tableRegions])]
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
        const whole = prepare(query, settings, table);
        const partitioning = readPartitioning(table);
        this.partitioning = partitioning;
        const holds = tableHolds(table, partitioning);
        this.progress.bounds = whole.bounds;
        this.progress.warnings.push(...whole.warnings, ...holds.warnings);
        this.progress.parametersReadable = partitioning.columns.has('requestparameters');
        const delivery = (0,core_delivery/* planDelivery */.eh)(query, ctx.startedAt);
        this.delivery = delivery;
        const trails = this.trailDeps(ctx, holds);
        this.trails = trails;
        const projected = /^true$/i.test(table.Parameters?.['projection.enabled'] ?? '');
        const [manual, writers] = await Promise.all([
            holds.projected
                ? { uncovered: [], regions: undefined }
                : manualGaps(slices, partitioning, { name: this.table(), settings, glue }, this.callDeps(ctx)),
            findWriters(locationOf(projected ? table.Parameters?.['storage.location.template'] : table.StorageDescriptor?.Location), trails)
        ]);
        const cannot = [
            ...slices.flatMap(slice => cannotHold(holds, slice, this.table(), identityAccount(query)) ?? []),
            ...manual.uncovered
        ];
        const identity = query.patterns.length === 0 || whole.everyEventOfIdentity ? 'all' : 'named';
        // A slice the table cannot hold (whole or in part) is claimed by nothing: its coverage shows the gap too.
        const refused = new Set(cannot.map(u => `${u.account}|${u.region}`));
        const held = slices.filter(s => !refused.has(`${s.account}|${s.region}`));
        const regionsOfAny = holds.regions === 'any' ? manual.regions : holds.regions;
        const plan = readPlan(query.window, held, holds, delivery, identity, regionsOfAny);
        const statement = (window) => buildStatement(query, settings, partitioning, { window, trailRegions: homeRegions(writers) });
        const task = {
            older: plan.older && statement(plan.older),
            fresh: plan.fresh && statement(plan.fresh),
            plan,
            identity,
            writers,
            cannotShow: marker => cannotShow(this.table(), holds, marker)
        };
        const unknown = plan.freshSlices.filter(f => f.regions === undefined).map(f => f.slice);
        const cannotProve = unprovable(this.table(), holds, delivery, unknown);
        this.progress.freshness = initialFreshness(delivery, plan.freshSlices.length > 0, cannotProve[0]?.reason);
        this.strategy = strategyOf(settings, whole.bounds, plan.fresh !== undefined);
        ctx.progress?.info(describeFreshness(delivery, plan.markerRegions, query.window, query.delivery.timeoutMs));
        return {
            // Nothing the table holds: no query, nothing billed.
            tasks: plan.olderClaims.length === 0 && plan.freshSlices.length === 0 ? [] : [task],
            strategy: this.strategy,
            uncovered: [...cannot, ...cannotProve],
            warnings: [...whole.warnings, ...holds.warnings]
        };
    }
    label() {
        return { account: coverage/* ANY */.x4, region: `Athena (${this.table()})` };
    }
    async *read(task, ctx) {
        const { clients, partitioning, trails } = this;
        if (clients === undefined || partitioning === undefined || trails === undefined) {
            throw new errors/* SourceFailure */.oi('other', 'the Athena source read before it planned');
        }
        yield* readTask(task, this.env(ctx, clients, partitioning, trails), ctx);
    }
    env(ctx, clients, partitioning, trails) {
        const deps = this.deps;
        return {
            query: ctx.query,
            settings: this.settings,
            partitioning,
            runner: {
                ...this.callDeps(ctx),
                athena: clients.athena,
                maxBytesScanned: this.settings.maxBytesScanned,
                ...(deps.pollFirstMs !== undefined && { pollFirstMs: deps.pollFirstMs }),
                ...(deps.pollMaxMs !== undefined && { pollMaxMs: deps.pollMaxMs }),
                ...(deps.pageSize !== undefined && { pageSize: deps.pageSize })
            },
            progress: this.progress,
            stsFor: deps.stsFor ?? (0,aws_clients/* stsClientFactory */.IM)(deps.clientOptions ?? {}),
            trails,
            acceptGaps: { accept: this.settings.acceptTrailGaps, input: constants/* INPUTS */.mc.athenaAcceptTrailGaps },
            pollFirstMs: deps.markerPollFirstMs ?? 5_000,
            pollMaxMs: deps.markerPollMaxMs ?? 60_000
        };
    }
    details() {
        const outcomes = deliveryOutcomes(this.progress.freshness);
        return {
            plan: { lanes: [], strategy: this.strategy },
            lanes: [],
            athena: runInfo(this.settings, this.progress),
            ...(this.delivery && { delivery: (0,core_delivery/* deliveryReport */.Jf)(this.delivery, outcomes) })
        };
    }
}


/***/ })

};
