#include "OllamaStreamEncoder.h"

#include "OllamaWire.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

OllamaStreamEncoder::OllamaStreamEncoder(const Request &request, qint64 created)
    : m_model(request.model), m_createdAt(ollama::formatCreatedAt(created))
{
}

QByteArray OllamaStreamEncoder::encode(const StreamEvent &event)
{
    if (m_finished)
        return {};
    switch (event.kind) {
    case StreamEvent::Kind::BlockStart:
        if (event.block.kind == ContentBlock::Kind::ToolUse) {
            ContentBlock block = event.block;
            block.toolArguments.clear();
            m_tools.insert(event.index, block);
        }
        return {};
    case StreamEvent::Kind::TextDelta:
        return line(QJsonObject { { u"role"_s, u"assistant"_s }, { u"content"_s, event.text } },
                    false);
    case StreamEvent::Kind::ThinkingDelta:
        return line(QJsonObject { { u"role"_s, u"assistant"_s },
                                  { u"content"_s, QString() },
                                  { u"thinking"_s, event.text } },
                    false);
    case StreamEvent::Kind::ToolArgsDelta: {
        auto tool = m_tools.find(event.index);
        if (tool != m_tools.end())
            tool->toolArguments += event.text;
        return {};
    }
    case StreamEvent::Kind::BlockStop: {
        const auto tool = m_tools.constFind(event.index);
        if (tool == m_tools.cend())
            return {};
        const QJsonObject message {
            { u"role"_s, u"assistant"_s },
            { u"content"_s, QString() },
            { u"tool_calls"_s, QJsonArray { ollama::toolCallToJson(tool.value()) } },
        };
        m_tools.erase(tool);
        return line(message, false);
    }
    case StreamEvent::Kind::MessageDelta:
        m_stopReason = event.stopReason;
        if (event.usage.known)
            m_usage = event.usage;
        return {};
    case StreamEvent::Kind::MessageStop: {
        m_finished = true;
        QJsonObject last { { u"model"_s, m_model },
                           { u"created_at"_s, m_createdAt },
                           { u"message"_s,
                             QJsonObject { { u"role"_s, u"assistant"_s },
                                           { u"content"_s, QString() } } },
                           { u"done"_s, true },
                           { u"done_reason"_s, ollama::doneReasonFromStop(m_stopReason) } };
        if (m_usage.known) {
            last.insert(u"prompt_eval_count"_s,
                        m_usage.inputTokens + m_usage.cacheReadTokens + m_usage.cacheWriteTokens);
            last.insert(u"eval_count"_s, m_usage.outputTokens);
        }
        return QJsonDocument(last).toJson(QJsonDocument::Compact) + '\n';
    }
    case StreamEvent::Kind::Error: {
        m_finished = true;
        const QJsonObject failure { { u"error"_s, event.errorMessage } };
        return QJsonDocument(failure).toJson(QJsonDocument::Compact) + '\n';
    }
    case StreamEvent::Kind::MessageStart:
    case StreamEvent::Kind::SignatureDelta:
    case StreamEvent::Kind::Ping:
        break;
    }
    return {};
}

QByteArray OllamaStreamEncoder::finish()
{
    return {}; // NDJSON has no terminator; the done line ends the stream
}

QByteArray OllamaStreamEncoder::line(const QJsonObject &message, bool done) const
{
    const QJsonObject object { { u"model"_s, m_model },
                               { u"created_at"_s, m_createdAt },
                               { u"message"_s, message },
                               { u"done"_s, done } };
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace switchyard::api::canonical
