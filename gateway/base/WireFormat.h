#pragma once

#include <QString>

namespace switchyard::base {

/// The request/response formats the gateway speaks, inbound and upstream.
enum class WireFormat {
    OpenAiChat, ///< /v1/chat/completions
    OpenAiCompletions, ///< /v1/completions (OpenAI-compatible upstreams only)
    OpenAiEmbeddings, ///< /v1/embeddings (OpenAI-compatible upstreams only)
    AnthropicMessages, ///< /v1/messages
    OpenAiResponses, ///< /v1/responses (inbound: Codex CLI)
    OllamaChat, ///< Ollama's native /api/chat (upstream only)
};

/// The inbound endpoint as the request log and metrics name it.
inline QString endpointName(WireFormat inbound)
{
    switch (inbound) {
    case WireFormat::OpenAiChat:
        return QStringLiteral("chat.completions");
    case WireFormat::OpenAiCompletions:
        return QStringLiteral("completions");
    case WireFormat::OpenAiEmbeddings:
        return QStringLiteral("embeddings");
    case WireFormat::AnthropicMessages:
        return QStringLiteral("messages");
    case WireFormat::OpenAiResponses:
        return QStringLiteral("responses");
    case WireFormat::OllamaChat:
        return QStringLiteral("ollama.chat");
    }
    return QString();
}

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

} // namespace switchyard::base
