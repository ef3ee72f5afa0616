// Validators for the OpenAI API's response objects, compiled from the official
// OpenAPI document in ../ref/openai-openapi.json (see ../ref/SOURCE.txt).
//
// OpenAPI 3.1 schemas are JSON Schema 2020-12, so Ajv's 2020 dialect compiles them.
// The whole document is registered under one $id so that the spec's own
// "#/components/schemas/..." references resolve exactly as written.
//
// One normalisation is applied: some schemas still carry the OpenAPI 3.0 keyword
// `nullable: true` (e.g. CreateChatCompletionStreamResponse.usage, which the real API
// sends as `null` on every chunk but the last). JSON Schema 2020-12 ignores that keyword,
// so such a schema S is rewritten to `anyOf: [S, {type: "null"}]`, which is what the
// spec's authors mean by it. Nothing else in the spec is changed.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const SPEC_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'ref', 'openai-openapi.json');
const SPEC_ID = 'https://switchyard.invalid/openai-openapi.json';

/** The schemas the e2e tests validate responses against. */
export const SCHEMA_NAMES = Object.freeze([
    'CreateChatCompletionResponse',
    'CreateChatCompletionStreamResponse',
    'ListModelsResponse',
    'Model',
    'CreateCompletionResponse',
    'CreateEmbeddingResponse',
    'ErrorResponse',
]);

/** Rewrites every `{..., nullable: true}` schema into `anyOf: [{...}, {type: "null"}]`. */
function normaliseNullable(node) {
    if (Array.isArray(node))
        return node.map(normaliseNullable);
    if (node === null || typeof node !== 'object')
        return node;
    const out = {};
    for (const [key, value] of Object.entries(node))
        out[key] = normaliseNullable(value);
    if (out.nullable === true) {
        delete out.nullable;
        const { description } = out;
        return description === undefined
            ? { anyOf: [out, { type: 'null' }] }
            : { description, anyOf: [out, { type: 'null' }] };
    }
    if (out.nullable === false)
        delete out.nullable;
    return out;
}

/** Every `format` value used in the spec, so unknown ones can be declared as annotations. */
function collectFormats(node, into = new Set()) {
    if (Array.isArray(node)) {
        for (const item of node)
            collectFormats(item, into);
    } else if (node !== null && typeof node === 'object') {
        if (typeof node.format === 'string')
            into.add(node.format);
        for (const value of Object.values(node))
            collectFormats(value, into);
    }
    return into;
}

let compiled = null;

function load() {
    if (compiled)
        return compiled;
    const raw = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
    const spec = normaliseNullable(raw);
    spec.$id = SPEC_ID;

    const ajv = new Ajv2020({
        strict: false, // the spec uses OpenAPI/vendor keywords: x-oaiMeta, discriminator, example, ...
        allErrors: true,
        validateSchema: false, // the document as a whole is an OpenAPI document, not a schema
        logger: false,
    });
    addFormats(ajv);
    // Formats the spec uses that JSON Schema does not define (unixtime, float, ...) are
    // annotations only; the type keyword next to them still applies.
    for (const format of collectFormats(spec.components.schemas)) {
        if (!ajv.formats[format])
            ajv.addFormat(format, true);
    }
    ajv.addSchema(spec);

    const validators = new Map();
    for (const name of SCHEMA_NAMES) {
        if (!spec.components.schemas[name])
            throw new Error(`the OpenAPI document has no schema ${name}`);
        const fn = ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
        if (!fn)
            throw new Error(`could not compile schema ${name}`);
        validators.set(name, fn);
    }
    compiled = { ajv, validators, info: raw.info };
    return compiled;
}

/** The OpenAPI document's info block (title, version). */
export function specInfo() {
    return load().info;
}

/** Thrown by validate(); `errors` holds Ajv's error objects. */
export class SchemaValidationError extends Error {
    constructor(name, errors, value) {
        const lines = errors.slice(0, 20).map(
            (e) => `  ${e.instancePath || '(root)'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
        let shown = JSON.stringify(value);
        if (shown !== undefined && shown.length > 2000)
            shown = shown.slice(0, 2000) + '…';
        super(`response does not match the OpenAPI schema ${name}:\n${lines.join('\n')}\nvalue: ${shown}`);
        this.name = 'SchemaValidationError';
        this.schemaName = name;
        this.errors = errors;
    }
}

/**
 * Validates `obj` against components.schemas[name] of the OpenAI OpenAPI spec.
 * Returns `obj` when valid, throws SchemaValidationError (with Ajv's errors) when not.
 */
export function validate(name, obj) {
    const fn = load().validators.get(name);
    if (!fn)
        throw new Error(`no validator for ${name} (known: ${SCHEMA_NAMES.join(', ')})`);
    if (!fn(obj))
        throw new SchemaValidationError(name, fn.errors ?? [], obj);
    return obj;
}
