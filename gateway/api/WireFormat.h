#pragma once

#include <QString>

namespace switchyard::api {

/// The request/response formats the gateway speaks, inbound and upstream.
enum class WireFormat {
    OpenAiChat, ///< /v1/chat/completions
    OpenAiCompletions, ///< /v1/completions (OpenAI-compatible upstreams only)
    OpenAiEmbeddings, ///< /v1/embeddings (OpenAI-compatible upstreams only)
    AnthropicMessages, ///< /v1/messages
};

/// The format a provider of \a kind speaks for a request that arrived as \a inbound.
/// Completions and embeddings exist only on OpenAI-compatible upstreams.
inline WireFormat upstreamFormat(const QString &kind, WireFormat inbound)
{
    if (kind == QStringLiteral("anthropic"))
        return WireFormat::AnthropicMessages;
    return inbound == WireFormat::AnthropicMessages ? WireFormat::OpenAiChat : inbound;
}

} // namespace switchyard::api
