#pragma once

#include <QString>

namespace switchyard::base {

/// The request/response formats the gateway speaks, inbound and upstream (which one a provider
/// speaks for a request: providers::ProviderAdapter::upstreamFormat()).
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

} // namespace switchyard::base
