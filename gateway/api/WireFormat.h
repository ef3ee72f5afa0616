#pragma once

#include <QString>

namespace switchyard::api {

/// The request/response formats the gateway speaks, inbound and upstream.
enum class WireFormat {
    OpenAiChat, ///< /v1/chat/completions
    OpenAiCompletions, ///< /v1/completions (OpenAI-compatible upstreams only)
    OpenAiEmbeddings, ///< /v1/embeddings (OpenAI-compatible upstreams only)
    AnthropicMessages, ///< /v1/messages
    OpenAiResponses, ///< /v1/responses (inbound: Codex CLI)
    OllamaChat, ///< Ollama's native /api/chat (upstream only)
};

/// The format a provider of \a kind speaks for a request that arrived as \a inbound.
/// Completions and embeddings exist only on OpenAI-compatible upstreams.
inline WireFormat upstreamFormat(const QString &kind, WireFormat inbound)
{
    const bool chatLike = inbound == WireFormat::OpenAiChat
        || inbound == WireFormat::AnthropicMessages || inbound == WireFormat::OpenAiResponses;
    if (kind == QStringLiteral("anthropic"))
        return WireFormat::AnthropicMessages;
    if (kind == QStringLiteral("ollama") && chatLike)
        return WireFormat::OllamaChat; // native API: the right context window, keep_alive
    // OpenAI-compatible servers get chat for every chat-like API; completions and
    // embeddings stay as they are (Ollama serves them on its /v1 too).
    return chatLike ? WireFormat::OpenAiChat : inbound;
}

} // namespace switchyard::api
