// End-to-end: the official openai and @anthropic-ai/sdk clients (Chat Completions, Responses,
// Messages) through a real `switchyard serve` to a fake Ollama speaking its native NDJSON API.
//
// Run: SWITCHYARD_BIN=/path/to/switchyard node --test tests/e2e/ollama.test.mjs

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

import { OLLAMA_MODEL, OLLAMA_REPLY, startFakeOllama } from './lib/fake-ollama.mjs';
import { startGateway } from './lib/gateway.mjs';

const MODEL = `local/${OLLAMA_MODEL}`;
const TIMEOUT = { timeout: 30_000 };
const WEATHER = { name: 'get_weather', description: 'Weather for a place',
                  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } };

describe('switchyard gateway to a native Ollama upstream', () => {
    let fake;
    let gateway;
    let openai;
    let anthropic;

    before(async () => {
        fake = await startFakeOllama();
        gateway = await startGateway({
            gateway: { port: 0, health_check: { interval_ms: 0 } },
            providers: [{ name: 'local', kind: 'ollama', base_url: `http://127.0.0.1:${fake.port}`,
                          models: [OLLAMA_MODEL], model_info: { [OLLAMA_MODEL]: { context_length: 16384 } } }],
        });
        openai = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'fake-client-key', maxRetries: 0 });
        anthropic = new Anthropic({ baseURL: gateway.origin, apiKey: 'fake-client-key', maxRetries: 0 });
    });

    after(async () => {
        await gateway?.stop();
        await fake?.close();
    });

    test('chat.completions.create: text, usage, and num_ctx sent upstream', TIMEOUT, async () => {
        const completion = await openai.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] });
        assert.equal(completion.choices[0].message.content, OLLAMA_REPLY);
        assert.equal(completion.usage.prompt_tokens, 31);
        const up = fake.chats().at(-1).body;
        assert.equal(up.model, OLLAMA_MODEL);
        assert.equal(up.stream, false);
        assert.equal(up.options.num_ctx, 16384);
    });

    test('chat.completions stream with usage', TIMEOUT, async () => {
        const stream = await openai.chat.completions.create({
            model: MODEL, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
        let text = '';
        let usage;
        for await (const chunk of stream) {
            text += chunk.choices[0]?.delta?.content ?? '';
            usage = chunk.usage ?? usage;
        }
        assert.equal(text, OLLAMA_REPLY);
        assert.equal(usage.completion_tokens, 7);
    });

    test('chat.completions tool call', TIMEOUT, async () => {
        const completion = await openai.chat.completions.create({
            model: MODEL, tools: [{ type: 'function', function: WEATHER }], messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
        const call = completion.choices[0].message.tool_calls[0];
        assert.equal(call.function.name, 'get_weather');
        assert.deepEqual(JSON.parse(call.function.arguments), { location: 'Oslo' });
        assert.equal(completion.choices[0].finish_reason, 'tool_calls');
    });

    test('messages.create and messages.stream (Claude Code style)', TIMEOUT, async () => {
        const message = await anthropic.messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] });
        assert.equal(message.content[0].text, OLLAMA_REPLY);
        assert.equal(message.stop_reason, 'end_turn');
        const stream = anthropic.messages.stream({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] });
        const final = await stream.finalMessage();
        assert.equal(final.content[0].text, OLLAMA_REPLY);
    });

    test('messages.stream with tool use', TIMEOUT, async () => {
        const stream = anthropic.messages.stream({
            model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Weather in Oslo?' }],
            tools: [{ name: WEATHER.name, description: WEATHER.description, input_schema: WEATHER.parameters }] });
        const final = await stream.finalMessage();
        const use = final.content.find((b) => b.type === 'tool_use');
        assert.ok(use, JSON.stringify(final.content));
        assert.deepEqual(use.input, { location: 'Oslo' });
        assert.equal(final.stop_reason, 'tool_use');
    });

    test('responses.create and responses.stream (Codex style)', TIMEOUT, async () => {
        const response = await openai.responses.create({ model: MODEL, input: 'hi', store: false });
        assert.equal(response.output_text, OLLAMA_REPLY);
        const stream = openai.responses.stream({ model: MODEL, input: 'hi', store: false });
        const types = [];
        for await (const event of stream)
            types.push(event.type);
        assert.equal(types[0], 'response.created');
        assert.equal(types.at(-1), 'response.completed');
        assert.equal((await stream.finalResponse()).output_text, OLLAMA_REPLY);
    });
});
