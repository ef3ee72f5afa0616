#pragma once

// The canonical in-memory model every wire format translates to and from. Codecs map
// OpenAI Chat Completions, OpenAI Responses, Anthropic Messages and Ollama chat onto it; the
// proxy only translates when the inbound and upstream formats differ (same format: bytes pass
// through untouched).

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace switchyard::api::canonical {

enum class Role { System, User, Assistant, Tool };

/// One piece of message content.
struct ContentBlock
{
    enum class Kind {
        Text,
        Image, ///< imageUrl, or imageData (base64, as sent) + mediaType
        ToolUse, ///< the assistant calls a tool: toolId, toolName, toolArguments
        ToolResult, ///< the result for toolId: text and/or nested blocks, isError
        Thinking, ///< reasoning text; signature when the provider signs it
        RedactedThinking, ///< opaque reasoning (data in `text`)
    };
    Kind kind = Kind::Text;
    QString text;
    QString imageUrl;
    QByteArray imageData; ///< base64 as on the wire, never decoded
    QString mediaType; ///< "image/png"…
    QString toolId;
    QString toolName;
    QString toolArguments; ///< JSON text of the arguments object, exactly as produced
    QList<ContentBlock> toolResult; ///< for ToolResult (text and image blocks)
    bool isError = false;
    QString signature;
    QJsonObject cacheControl; ///< {"type":"ephemeral"} (OpenAI content parts from Roo ↔ Anthropic)
};

struct Message
{
    Role role = Role::User;
    QList<ContentBlock> content;
    QString name; ///< OpenAI's optional participant name
};

struct Tool
{
    QString name;
    QString description;
    QJsonObject parameters; ///< JSON Schema of the arguments
    QJsonObject cacheControl;
};

struct ToolChoice
{
    enum class Mode { Auto, None, Required, Specific };
    Mode mode = Mode::Auto;
    QString name; ///< for Specific
    bool disableParallel = false;
};

/// Reasoning/thinking request: an effort (OpenAI) and/or a token budget (Anthropic).
struct Reasoning
{
    QString effort; ///< "minimal" | "low" | "medium" | "high", empty if not given
    std::optional<int> budgetTokens;
};

struct Request
{
    QString model;
    QList<ContentBlock> system; ///< system prompt(s), text blocks
    QList<Message> messages; ///< user/assistant/tool turns, in order
    QList<Tool> tools;
    std::optional<ToolChoice> toolChoice;
    std::optional<int> maxTokens;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> topK;
    QStringList stop;
    bool stream = false;
    bool includeUsage = false; ///< OpenAI stream_options.include_usage (client wants usage)
    std::optional<Reasoning> reasoning;
    QString user; ///< end-user id (OpenAI user / Anthropic metadata.user_id)
    std::optional<bool> parallelToolCalls;
    QJsonObject responseFormat; ///< OpenAI response_format, when given
    std::optional<int>
        contextLength; ///< the target model's context window, when the proxy knows it
    QString keepAlive; ///< Ollama keep_alive ("5m", "-1"…), empty if not given
};

/// Token usage. inputTokens EXCLUDES cached tokens (Anthropic's convention); OpenAI's
/// prompt_tokens = inputTokens + cacheReadTokens + cacheWriteTokens.
struct Usage
{
    qint64 inputTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 outputTokens = 0; ///< includes reasoning tokens
    qint64 reasoningTokens = 0; ///< part of outputTokens, when known
    bool known = false; ///< false: the upstream reported no usage
};

enum class StopReason { None, EndTurn, MaxTokens, ToolUse, StopSequence, ContentFilter, Refusal };

struct Response
{
    QString id;
    QString model;
    qint64 created = 0; ///< unix seconds
    QList<ContentBlock> content; ///< text, thinking and tool_use blocks, in order
    StopReason stopReason = StopReason::None;
    QString stopSequence;
    Usage usage;
};

/// One incremental stream event. Indexes count content blocks in the message, from 0.
struct StreamEvent
{
    enum class Kind {
        MessageStart, ///< id, model; usage may carry input tokens
        BlockStart, ///< index, block (kind + toolId/toolName for ToolUse; empty text)
        TextDelta, ///< index, text
        ToolArgsDelta, ///< index, text = a fragment of the arguments JSON
        ThinkingDelta, ///< index, text
        SignatureDelta, ///< index, text = signature fragment
        BlockStop, ///< index
        MessageDelta, ///< stopReason, stopSequence, usage (final counts)
        MessageStop,
        Ping,
        Error, ///< error
    };
    Kind kind = Kind::Ping;
    int index = 0;
    QString id;
    QString model;
    ContentBlock block;
    QString text;
    StopReason stopReason = StopReason::None;
    QString stopSequence;
    Usage usage;
    QString errorType; ///< "overloaded_error", "api_error"…
    QString errorMessage;
};

QString roleName(Role role);

/// \a value with every "$schema" key removed, at any depth: providers reject the key that
/// schema generators (zod and co.) put into tool parameters.
QJsonValue stripSchemaKeys(const QJsonValue &value);

/// Adds a ToolResult block to \a request: consecutive results form ONE user message, in order,
/// as Anthropic wants every result for an assistant turn in the next user message.
void appendToolResult(Request &request, const ContentBlock &result);

/// A stream event of \a kind for block \a index with \a text (the common case for decoders).
StreamEvent makeEvent(StreamEvent::Kind kind, int index = 0, const QString &text = {});
/// The Error event that ends a stream: \a type ("api_error"…) and \a message.
StreamEvent makeErrorEvent(const QString &type, const QString &message);

} // namespace switchyard::api::canonical
