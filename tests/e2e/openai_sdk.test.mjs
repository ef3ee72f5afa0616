// End-to-end: the official `openai` npm SDK talks to a real `switchyard serve` process,
// which proxies to a fake OpenAI upstream (lib/fake-openai.mjs). Every response is
// validated against the official OpenAI OpenAPI spec (lib/openapi.mjs), and the fake's
// request log shows exactly what the gateway sent upstream.
//
// Run: SWITCHYARD_BIN=/path/to/switchyard node --test tests/e2e/openai_sdk.test.mjs
// (ctest runs it as e2e_openai_sdk; `./dev test` installs node_modules first).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import OpenAI from 'openai';

import {
    CHAT_REPLY,
    COMPLETION_TEXT,
    TOOL_ARGUMENTS,
    TOOL_CALL_ID,
    USAGE,
    embeddingFor,
    startFakeOpenAI,
} from './lib/fake-openai.mjs';
import { FAKE_UPSTREAM_KEY, e2eConfig, startGateway } from './lib/gateway.mjs';
import { validate } from './lib/openapi.mjs';

const CLIENT_KEY = 'fake-client-key-openai';
const TEST_TIMEOUT = { timeout: 30_000 };

const WEATHER_TOOL = {
    type: 'function',
    function: {
        name: 'get_weather',
        description: 'Current weather for a location',
        parameters: {
            type: 'object',
            properties: {
                location: { type: 'string' },
                unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
            },
            required: ['location'],
        },
    },
};

function sdkClient(baseURL) {
    return new OpenAI({ baseURL, apiKey: CLIENT_KEY, maxRetries: 0, timeout: 10_000 });
}

/** The requests the fake received after `mark` (= fake.requests.length earlier). */
function requestsSince(fake, mark) {
    return fake.requests.slice(mark);
}

/** The one request to `path` the fake received since `mark`. */
function onlyUpstreamRequest(fake, mark, path) {
    const got = requestsSince(fake, mark);
    const matching = got.filter((r) => new URL(r.path, 'http://x').pathname === path);
    assert.equal(matching.length, 1,
        `expected exactly one upstream request to ${path}, got: ${JSON.stringify(got.map((r) => `${r.method} ${r.path}`))}`);
    return matching[0];
}

/** Asserts no header value or body of `requests` contains the client's key. */
function assertClientKeyNeverSent(requests) {
    for (const r of requests) {
        for (let i = 0; i < r.rawHeaders.length; i += 2) {
            assert.ok(!r.rawHeaders[i + 1].includes(CLIENT_KEY),
                `the client's key leaked upstream in header ${r.rawHeaders[i]} of ${r.method} ${r.path}`);
        }
        assert.ok(!r.body.includes(CLIENT_KEY), `the client's key leaked upstream in the body of ${r.method} ${r.path}`);
    }
}

/** Reads a raw SSE body into its `data:` payloads (strings). */
function sseData(text) {
    const out = [];
    for (const event of text.split(/\r?\n\r?\n/)) {
        const data = event.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, ''));
        if (data.length)
            out.push(data.join('\n'));
    }
    return out;
}

/**
 * Validates a streamed legacy-completion chunk. The spec gives streamed and non-streamed
 * completions one schema (CreateCompletionResponse), but two things the real API sends on
 * stream chunks are not in it: `finish_reason: null` on every chunk but the last, and,
 * when the client asked for `stream_options.include_usage`, `usage: null` on every chunk
 * but the final usage chunk. Exactly those two are accepted here (the second only with
 * `clientAskedForUsage`); the chunk is otherwise validated as it is.
 */
function validateCompletionChunk(chunk, { clientAskedForUsage = false } = {}) {
    const patched = {
        ...chunk,
        choices: (chunk.choices ?? []).map((c) => (c?.finish_reason === null ? { ...c, finish_reason: 'stop' } : c)),
    };
    if (clientAskedForUsage && patched.usage === null)
        delete patched.usage;
    try {
        validate('CreateCompletionResponse', patched);
    } catch (err) {
        err.message = err.message.replace(/\nvalue: [\s\S]*$/, `\nchunk: ${JSON.stringify(chunk)}`);
        throw err;
    }
}

function withoutModel(obj) {
    const { model, ...rest } = obj;
    return rest;
}

// ---------------------------------------------------------------------------------------
// The validators themselves: they must accept real objects and reject broken ones, or a
// green run would prove nothing.

test('OpenAPI validators accept well-formed objects and reject broken ones', () => {
    const chat = {
        id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'hi', refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    };
    validate('CreateChatCompletionResponse', chat);
    const chunk = {
        id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm',
        choices: [{ index: 0, delta: { content: 'hi' }, logprobs: null, finish_reason: null }], usage: null,
    };
    validate('CreateChatCompletionStreamResponse', chunk); // `usage: null` is `nullable: true` in the spec
    validate('CreateChatCompletionStreamResponse', { ...chunk, choices: [], usage: chat.usage });
    validate('ErrorResponse', { error: { message: 'x', type: 'invalid_request_error', param: null, code: null } });
    validate('ListModelsResponse', { object: 'list', data: [{ id: 'a', object: 'model', created: 0, owned_by: 'o' }] });

    const broken = [
        ['CreateChatCompletionResponse', { ...chat, object: 'chat.completion.chunk' }, /object/],
        ['CreateChatCompletionResponse', { ...chat, choices: [{ ...chat.choices[0], finish_reason: 'done' }] }, /finish_reason/],
        ['CreateChatCompletionResponse', { ...chat, choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, logprobs: null, finish_reason: 'stop' }] }, /refusal/],
        ['CreateChatCompletionResponse', { ...chat, created: '1' }, /created/],
        ['CreateChatCompletionStreamResponse', { ...chunk, usage: { prompt_tokens: 1 } }, /usage/],
        ['CreateChatCompletionStreamResponse', { ...chunk, choices: [{ index: 0, delta: { content: 'x' } }] }, /finish_reason/],
        ['ListModelsResponse', { object: 'list', data: [{ id: 'a', object: 'model' }] }, /owned_by|created/],
        ['Model', { id: 'a', object: 'model', created: 0 }, /owned_by/],
        ['CreateCompletionResponse', { id: 'c', object: 'text_completion', created: 1, model: 'm', choices: [{ text: 'x', index: 0, finish_reason: 'stop' }] }, /logprobs/],
        ['CreateEmbeddingResponse', { object: 'list', model: 'm', data: [{ object: 'embedding', index: 0, embedding: 'AAAA' }], usage: { prompt_tokens: 1, total_tokens: 1 } }, /embedding/],
        ['ErrorResponse', { error: { message: 'x', type: 't' } }, /param|code/],
        ['ErrorResponse', { message: 'x' }, /error/],
    ];
    for (const [name, obj, mentions] of broken) {
        assert.throws(() => validate(name, obj), (err) => {
            assert.equal(err.name, 'SchemaValidationError');
            assert.ok(Array.isArray(err.errors) && err.errors.length > 0, 'Ajv errors are attached');
            assert.match(err.message, mentions);
            return true;
        }, `${name} accepted a broken object: ${JSON.stringify(obj)}`);
    }
});

// ---------------------------------------------------------------------------------------

let fake;

before(async () => {
    fake = await startFakeOpenAI();
});

after(async () => {
    await fake?.stop();
});

// The fake must itself pass the spec and the SDK, so a failure further down is the gateway's.
describe('the fake upstream speaks the OpenAI wire format (SDK -> fake, no gateway)', () => {
    let client;
    before(() => {
        client = new OpenAI({ baseURL: fake.baseURL, apiKey: FAKE_UPSTREAM_KEY, maxRetries: 0, timeout: 10_000 });
    });

    test('models, chat, stream, tools, completions, embeddings all validate', TEST_TIMEOUT, async () => {
        const models = await (await client.models.list().asResponse()).json();
        validate('ListModelsResponse', models);
        validate('Model', await client.models.retrieve('gpt-4o-mini'));

        const chat = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
        validate('CreateChatCompletionResponse', chat);
        assert.equal(chat.choices[0].message.content, CHAT_REPLY);
        assert.equal(chat.model, 'gpt-4o-mini');

        const stream = await client.chat.completions.create({
            model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true },
        });
        let text = '';
        let last;
        for await (const c of stream) {
            validate('CreateChatCompletionStreamResponse', c);
            text += c.choices[0]?.delta?.content ?? '';
            last = c;
        }
        assert.equal(text, CHAT_REPLY);
        assert.deepEqual(last.choices, []);
        assert.deepEqual(last.usage, USAGE);

        const runner = client.chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }], tools: [WEATHER_TOOL] });
        const final = await runner.finalChatCompletion();
        assert.equal(final.choices[0].message.tool_calls[0].function.arguments, TOOL_ARGUMENTS);

        validate('CreateCompletionResponse', await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'x' }));
        const cs = await client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'x', stream: true });
        let ctext = '';
        for await (const c of cs) {
            validateCompletionChunk(c);
            ctext += c.choices[0]?.text ?? '';
        }
        assert.equal(ctext, COMPLETION_TEXT);

        validate('CreateEmbeddingResponse', await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x', encoding_format: 'float' }));
        const e64 = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
        assert.deepEqual(e64.data[1].embedding, embeddingFor(1));

        await assert.rejects(client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] }),
            (err) => err instanceof OpenAI.NotFoundError && err.code === 'model_not_found');
    });
});

// ---------------------------------------------------------------------------------------

describe('switchyard gateway with the official openai SDK', () => {
    let gateway;
    let client;

    before(async () => {
        gateway = await startGateway(e2eConfig(fake.port));
        client = sdkClient(gateway.baseURL);
    });

    after(async () => {
        if (gateway)
            await gateway.stop(); // rejects unless SIGTERM leads to exit code 0
    });

    test('a. models.list and models.retrieve', TEST_TIMEOUT, async () => {
        const ids = [];
        for await (const m of client.models.list())
            ids.push(m.id);
        assert.ok(ids.includes('coder'), `model ids ${JSON.stringify(ids)} lack the route alias "coder"`);
        assert.ok(ids.includes('fake/gpt-4o-mini'), `model ids ${JSON.stringify(ids)} lack "fake/gpt-4o-mini"`);

        const raw = await client.models.list().asResponse();
        assert.equal(raw.status, 200);
        validate('ListModelsResponse', await raw.json());

        const model = await client.models.retrieve('fake/gpt-4o-mini');
        validate('Model', model);
        assert.equal(model.id, 'fake/gpt-4o-mini');
    });

    test('b. chat completion: content, schema, headers, upstream auth and body passthrough', TEST_TIMEOUT, async () => {
        const mark = fake.requests.length;
        const params = {
            model: 'fake/gpt-4o-mini',
            messages: [
                { role: 'system', content: 'You are terse.' },
                { role: 'user', content: 'Say hello.' },
            ],
            temperature: 0.25,
            max_tokens: 64,
            user: 'e2e-user',
            metadata_extra_field: 1, // not in the API: a proxy must still pass it through
        };
        const { data, response } = await client.chat.completions.create(params).withResponse();

        assert.equal(data.choices[0].message.content, CHAT_REPLY);
        validate('CreateChatCompletionResponse', data);
        assert.ok(response.headers.get('x-request-id'), 'x-request-id header is missing');
        assert.equal(response.headers.get('x-switchyard-provider'), 'fake');
        assert.equal(response.headers.get('x-switchyard-model'), 'gpt-4o-mini');

        const up = onlyUpstreamRequest(fake, mark, '/v1/chat/completions');
        assert.equal(up.method, 'POST');
        assert.equal(up.headers.authorization, `Bearer ${FAKE_UPSTREAM_KEY}`);
        assertClientKeyNeverSent(requestsSince(fake, mark));
        assert.equal(up.json.model, 'gpt-4o-mini');
        assert.deepEqual(withoutModel(up.json), withoutModel(params), 'the upstream body differs from what the client sent (besides model)');
        assert.equal(up.json.metadata_extra_field, 1);
    });

    test('c. route alias "coder" answers as "coder"', TEST_TIMEOUT, async () => {
        const mark = fake.requests.length;
        const { data, response } = await client.chat.completions
            .create({ model: 'coder', messages: [{ role: 'user', content: 'hi' }] })
            .withResponse();
        validate('CreateChatCompletionResponse', data);
        assert.equal(data.choices[0].message.content, CHAT_REPLY);
        assert.equal(data.model, 'coder');
        assert.equal(response.headers.get('x-switchyard-provider'), 'fake');
        assert.equal(response.headers.get('x-switchyard-model'), 'gpt-4o-mini');
        const up = onlyUpstreamRequest(fake, mark, '/v1/chat/completions');
        assert.equal(up.json.model, 'gpt-4o-mini');
    });

    test('d1. streaming with include_usage: valid chunks, content, final usage chunk', TEST_TIMEOUT, async () => {
        const mark = fake.requests.length;
        const { data: stream, response } = await client.chat.completions.create({
            model: 'fake/gpt-4o-mini',
            messages: [{ role: 'user', content: 'stream please' }],
            stream: true,
            stream_options: { include_usage: true },
        }).withResponse();
        assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
        assert.equal(response.headers.get('x-switchyard-provider'), 'fake');
        const chunks = [];
        for await (const c of stream) {
            validate('CreateChatCompletionStreamResponse', c);
            chunks.push(c);
        }
        assert.ok(chunks.length >= 3, `only ${chunks.length} chunks`);
        const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
        assert.equal(text, CHAT_REPLY);
        const usageChunks = chunks.filter((c) => c.usage);
        assert.equal(usageChunks.length, 1, 'expected exactly one chunk with usage');
        assert.equal(usageChunks[0], chunks.at(-1), 'the usage chunk must be the last one');
        assert.deepEqual(usageChunks[0].choices, []);
        assert.deepEqual(usageChunks[0].usage, USAGE);
        assert.equal(chunks.filter((c) => c.choices.some((ch) => ch.finish_reason === 'stop')).length, 1);

        const up = onlyUpstreamRequest(fake, mark, '/v1/chat/completions');
        assert.equal(up.json.stream, true);
        assert.equal(up.json.stream_options?.include_usage, true);
    });

    test('d2. streaming without include_usage: usage stripped, but requested upstream', TEST_TIMEOUT, async () => {
        const mark = fake.requests.length;
        const stream = await client.chat.completions.create({
            model: 'fake/gpt-4o-mini',
            messages: [{ role: 'user', content: 'stream please' }],
            stream: true,
        });
        const chunks = [];
        for await (const c of stream) {
            validate('CreateChatCompletionStreamResponse', c);
            chunks.push(c);
        }
        assert.equal(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join(''), CHAT_REPLY);
        const withUsage = chunks.filter((c) => c.usage !== undefined && c.usage !== null);
        assert.equal(withUsage.length, 0, `chunks carry usage the client did not ask for: ${JSON.stringify(withUsage)}`);
        assert.ok(chunks.every((c) => c.choices.length > 0), 'a chunk with no choices reached a client that did not ask for usage');

        const up = onlyUpstreamRequest(fake, mark, '/v1/chat/completions');
        assert.equal(up.json.stream, true);
        assert.equal(up.json.stream_options?.include_usage, true, 'the gateway should ask upstream for usage');
    });

    test('d3. streaming wire format: raw SSE events and [DONE]', TEST_TIMEOUT, async () => {
        const raw = await client.chat.completions.create({
            model: 'fake/gpt-4o-mini', messages: [{ role: 'user', content: 'raw' }], stream: true,
        }).asResponse();
        const text = await raw.text();
        const events = sseData(text);
        assert.equal(events.at(-1), '[DONE]', `the stream does not end with data: [DONE]: ${JSON.stringify(text.slice(-200))}`);
        for (const e of events.slice(0, -1))
            validate('CreateChatCompletionStreamResponse', JSON.parse(e));
    });

    test('e1. tools: non-stream tool_calls round trip', TEST_TIMEOUT, async () => {
        const mark = fake.requests.length;
        const params = {
            model: 'fake/gpt-4o-mini',
            messages: [{ role: 'user', content: 'Weather in Paris?' }],
            tools: [WEATHER_TOOL],
            tool_choice: 'auto',
        };
        const res = await client.chat.completions.create(params);
        validate('CreateChatCompletionResponse', res);
        const choice = res.choices[0];
        assert.equal(choice.finish_reason, 'tool_calls');
        assert.equal(choice.message.tool_calls.length, 1);
        const call = choice.message.tool_calls[0];
        assert.equal(call.id, TOOL_CALL_ID);
        assert.equal(call.type, 'function');
        assert.equal(call.function.name, 'get_weather');
        assert.equal(call.function.arguments, TOOL_ARGUMENTS);
        assert.deepEqual(JSON.parse(call.function.arguments).location, 'Paris, France');
        const up = onlyUpstreamRequest(fake, mark, '/v1/chat/completions');
        assert.deepEqual(up.json.tools, params.tools);
        assert.equal(up.json.tool_choice, 'auto');

        // Second turn: the tool result goes back and the conversation continues.
        const mark2 = fake.requests.length;
        const messages2 = [...params.messages, choice.message, { role: 'tool', tool_call_id: call.id, content: '{"temp_c":21}' }];
        const res2 = await client.chat.completions.create({ model: 'fake/gpt-4o-mini', messages: messages2 });
        validate('CreateChatCompletionResponse', res2);
        assert.equal(res2.choices[0].message.content, CHAT_REPLY);
        const up2 = onlyUpstreamRequest(fake, mark2, '/v1/chat/completions');
        assert.deepEqual(up2.json.messages, JSON.parse(JSON.stringify(messages2)));
    });

    test('e2. tools: streamed tool call assembles from fragments', TEST_TIMEOUT, async () => {
        const runner = client.chat.completions.stream({
            model: 'fake/gpt-4o-mini',
            messages: [{ role: 'user', content: 'Weather in Paris?' }],
            tools: [WEATHER_TOOL],
        });
        const chunks = [];
        runner.on('chunk', (c) => chunks.push(c));
        const final = await runner.finalChatCompletion();
        for (const c of chunks)
            validate('CreateChatCompletionStreamResponse', c);
        const argumentChunks = chunks.filter((c) => c.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments);
        assert.ok(argumentChunks.length >= 2, `arguments arrived in ${argumentChunks.length} chunk(s), expected fragments`);
        const choice = final.choices[0];
        assert.equal(choice.finish_reason, 'tool_calls');
        const call = choice.message.tool_calls[0];
        assert.equal(call.id, TOOL_CALL_ID);
        assert.equal(call.function.name, 'get_weather');
        assert.equal(call.function.arguments, TOOL_ARGUMENTS);
        assert.deepEqual(JSON.parse(call.function.arguments), JSON.parse(TOOL_ARGUMENTS));
    });

    test('f1. unknown model -> NotFoundError 404 model_not_found', TEST_TIMEOUT, async () => {
        const mark = fake.requests.length;
        await assert.rejects(
            client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }),
            (err) => {
                assert.ok(err instanceof OpenAI.NotFoundError, `expected NotFoundError, got ${err?.constructor?.name}: ${err?.message}`);
                assert.equal(err.status, 404);
                assert.equal(err.code, 'model_not_found');
                return true;
            });
        assert.equal(requestsSince(fake, mark).length, 0, 'a request for an unknown model went upstream');

        const raw = await fetch(`${gateway.baseURL}/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
            body: JSON.stringify({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }),
        });
        assert.equal(raw.status, 404);
        assert.match(raw.headers.get('content-type') ?? '', /^application\/json/);
        const body = await raw.json();
        validate('ErrorResponse', body);
        assert.equal(body.error.code, 'model_not_found');
    });

    test('f2. invalid body (messages missing) -> BadRequestError 400 param "messages"', TEST_TIMEOUT, async () => {
        await assert.rejects(
            client.chat.completions.create({ model: 'fake/gpt-4o-mini' }),
            (err) => {
                assert.ok(err instanceof OpenAI.BadRequestError, `expected BadRequestError, got ${err?.constructor?.name}: ${err?.message}`);
                assert.equal(err.status, 400);
                assert.equal(err.param, 'messages');
                return true;
            });
        const raw = await fetch(`${gateway.baseURL}/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_KEY}` },
            body: JSON.stringify({ model: 'fake/gpt-4o-mini' }),
        });
        assert.equal(raw.status, 400);
        validate('ErrorResponse', await raw.json());
    });

    test('g1. completions: FIM prompt with tricky bytes arrives byte-identical', TEST_TIMEOUT, async () => {
        const prompt = '<|fim_prefix|>def add(a, b):\r\n    """Sum — ünïcödé 世界 🚀 \\ "quoted" \t"""   \r\n'
            + '<|fim_suffix|>\r\n\r\nprint(add(1, 2))  \n<|fim_middle|>   ';
        const mark = fake.requests.length;
        const { data, response } = await client.completions.create({
            model: 'fake/gpt-3.5-turbo-instruct', prompt, max_tokens: 32, temperature: 0, stop: ['\n\n'],
        }).withResponse();
        validate('CreateCompletionResponse', data);
        assert.equal(data.choices[0].text, COMPLETION_TEXT);
        assert.equal(response.headers.get('x-switchyard-model'), 'gpt-3.5-turbo-instruct');
        const up = onlyUpstreamRequest(fake, mark, '/v1/completions');
        assert.equal(up.json.model, 'gpt-3.5-turbo-instruct');
        assert.equal(typeof up.json.prompt, 'string');
        assert.ok(Buffer.from(up.json.prompt, 'utf8').equals(Buffer.from(prompt, 'utf8')),
            `prompt changed on the way: sent ${JSON.stringify(prompt)}, upstream got ${JSON.stringify(up.json.prompt)}`);
        assert.deepEqual(up.json.stop, ['\n\n']);
    });

    test('g2. completions: control characters, NUL and U+2028 survive', TEST_TIMEOUT, async () => {
        const prompt = 'nul:\u0000 esc:\u001b bell:\u0007 ls:\u2028 ps:\u2029 bom:\ufeff del:\u007f end';
        const mark = fake.requests.length;
        const res = await client.completions.create({ model: 'fake/gpt-3.5-turbo-instruct', prompt });
        validate('CreateCompletionResponse', res);
        const up = onlyUpstreamRequest(fake, mark, '/v1/completions');
        assert.equal(up.json.prompt, prompt);
    });

    test('g3. completions streaming without include_usage: chunks validate, no usage leaks', TEST_TIMEOUT, async () => {
        const stream = await client.completions.create({ model: 'fake/gpt-3.5-turbo-instruct', prompt: 'x', stream: true });
        const chunks = [];
        for await (const c of stream)
            chunks.push(c);
        assert.equal(chunks.map((c) => c.choices[0]?.text ?? '').join(''), COMPLETION_TEXT);
        for (const c of chunks)
            validateCompletionChunk(c);
        assert.ok(chunks.every((c) => c.choices.length > 0), 'the usage chunk reached a client that did not ask for usage');
        assert.ok(chunks.every((c) => !('usage' in c)), 'chunks carry a usage key the client did not ask for');
    });

    test('g4. completions streaming with include_usage: final usage chunk', TEST_TIMEOUT, async () => {
        const stream = await client.completions.create({
            model: 'fake/gpt-3.5-turbo-instruct', prompt: 'x', stream: true, stream_options: { include_usage: true },
        });
        const chunks = [];
        for await (const c of stream) {
            validateCompletionChunk(c, { clientAskedForUsage: true });
            chunks.push(c);
        }
        assert.equal(chunks.map((c) => c.choices[0]?.text ?? '').join(''), COMPLETION_TEXT);
        assert.deepEqual(chunks.at(-1).choices, []);
        assert.deepEqual(chunks.at(-1).usage, USAGE);
    });

    test('h. embeddings: float and the SDK default (base64)', TEST_TIMEOUT, async () => {
        const mark = fake.requests.length;
        const raw = await client.embeddings.create({
            model: 'fake/text-embedding-3-small', input: ['first', 'second'], encoding_format: 'float',
        }).asResponse();
        assert.equal(raw.status, 200);
        const body = await raw.json();
        validate('CreateEmbeddingResponse', body);
        assert.equal(body.data.length, 2);
        assert.deepEqual(body.data[1].embedding, embeddingFor(1));
        const up = onlyUpstreamRequest(fake, mark, '/v1/embeddings');
        assert.equal(up.json.model, 'text-embedding-3-small');
        assert.deepEqual(up.json.input, ['first', 'second']);

        const decoded = await client.embeddings.create({ model: 'fake/text-embedding-3-small', input: 'only one' });
        assert.deepEqual(decoded.data[0].embedding, embeddingFor(0));
    });

    test('the client key never reached the upstream, and every upstream call used the provider key', () => {
        assert.ok(fake.requests.length > 0);
        assertClientKeyNeverSent(fake.requests);
        // The fake's own conformance test (no gateway) uses the provider key directly too.
        for (const r of fake.requests)
            assert.equal(r.headers.authorization, `Bearer ${FAKE_UPSTREAM_KEY}`, `${r.method} ${r.path}`);
    });
});
