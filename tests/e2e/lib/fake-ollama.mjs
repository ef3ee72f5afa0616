// A fake Ollama server (native API) for the end-to-end tests: POST /api/chat answers with an
// NDJSON stream (or one JSON object with "stream": false), with tool_calls when tools are
// offered and the last message is not a tool result; GET /api/tags lists one model. Every
// request is recorded. Lines are written one by one so the gateway must split them itself.

import { createServer } from 'node:http';

export const OLLAMA_MODEL = 'qwen2.5-coder:7b';
export const OLLAMA_PIECES = ['Hello', ' from', ' fake', ' Ollama.'];
export const OLLAMA_REPLY = OLLAMA_PIECES.join('');

export async function startFakeOllama() {
    const requests = [];
    const server = createServer((req, res) => {
        let raw = '';
        req.setEncoding('utf8');
        req.on('data', (chunk) => { raw += chunk; });
        req.on('end', () => {
            const body = raw ? JSON.parse(raw) : {};
            requests.push({ method: req.method, path: req.url, headers: req.headers, body });
            if (req.method === 'GET' && req.url === '/api/tags') {
                res.writeHead(200, { 'Content-Type': 'application/json' });
                res.end(JSON.stringify({ models: [{ name: OLLAMA_MODEL, model: OLLAMA_MODEL, size: 4_700_000_000 }] }));
                return;
            }
            if (req.method !== 'POST' || req.url !== '/api/chat') {
                res.writeHead(404, { 'Content-Type': 'application/json' });
                res.end(JSON.stringify({ error: 'not found' }));
                return;
            }
            const messages = body.messages ?? [];
            const last = messages[messages.length - 1] ?? {};
            const callTool = (body.tools ?? []).length > 0 && last.role !== 'tool';
            const base = { model: body.model, created_at: '2026-01-01T00:00:00.000000000Z' };
            const final = { ...base, message: { role: 'assistant', content: '' }, done: true,
                            done_reason: 'stop', prompt_eval_count: 31, eval_count: 7 };
            const toolCalls = [{ function: { name: 'get_weather', arguments: { location: 'Oslo' } } }];
            if (body.stream === false) {
                res.writeHead(200, { 'Content-Type': 'application/json' });
                res.end(JSON.stringify({ ...final, message: callTool
                    ? { role: 'assistant', content: '', tool_calls: toolCalls }
                    : { role: 'assistant', content: OLLAMA_REPLY } }));
                return;
            }
            res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
            const lines = callTool
                ? [{ ...base, message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false }]
                : OLLAMA_PIECES.map((piece) => ({ ...base, message: { role: 'assistant', content: piece }, done: false }));
            lines.push(final);
            let i = 0;
            const next = () => {
                if (i === lines.length) { res.end(); return; }
                res.write(JSON.stringify(lines[i++]) + '\n');
                setTimeout(next, 2);
            };
            next();
        });
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
        port: server.address().port,
        requests,
        chats: () => requests.filter((r) => r.path === '/api/chat'),
        close: () => new Promise((resolve) => server.close(resolve)),
    };
}
