#include "OllamaRequestEncoder.h"

#include "OllamaWire.h"

#include <QJsonDocument>
#include <QJsonValue>
#include <QStringList>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {

constexpr int kMinimumContext = 4096;
constexpr int kContextStep = 1024;
constexpr int kDefaultOutputTokens = 1024;
constexpr qint64 kTokensPerImage = 768; // above LLaVA's 576 and Gemma 3's 256
constexpr qint64 kCharactersPerToken = 3; // conservative: code and non-English text run dense

QString joinedText(const QList<ContentBlock> &blocks)
{
    QStringList texts;
    for (const ContentBlock &block : blocks) {
        if (block.kind == ContentBlock::Kind::Text)
            texts.append(block.text);
    }
    return texts.join(u"\n\n"_s);
}

// Ollama takes raw base64 only. Remote image URLs cannot be fetched here (an encoder does no
// I/O), so they are dropped; the proxy refuses such requests for Ollama before encoding.
void appendImage(const ContentBlock &block, QJsonArray &images)
{
    if (block.kind == ContentBlock::Kind::Image && !block.imageData.isEmpty())
        images.append(QString::fromLatin1(block.imageData));
}

qint64 blockCharacters(const ContentBlock &block)
{
    qint64 characters = block.text.size() + block.toolName.size() + block.toolArguments.size();
    for (const ContentBlock &inner : block.toolResult)
        characters += blockCharacters(inner);
    return characters;
}

qint64 blockImages(const ContentBlock &block)
{
    qint64 images = block.kind == ContentBlock::Kind::Image ? 1 : 0;
    for (const ContentBlock &inner : block.toolResult)
        images += blockImages(inner);
    return images;
}

} // namespace

OllamaRequestEncoder::OllamaRequestEncoder(const Request &request) : m_request(request) { }

QJsonObject OllamaRequestEncoder::encode(const Request &request)
{
    OllamaRequestEncoder encoder(request);
    if (!request.system.isEmpty())
        encoder.m_messages.append(QJsonObject { { u"role"_s, u"system"_s },
                                                { u"content"_s, joinedText(request.system) } });
    for (const Message &message : request.messages)
        encoder.encodeMessage(message);

    QJsonObject body { { u"model"_s, request.model },
                       { u"messages"_s, encoder.m_messages },
                       // Ollama streams unless told otherwise: always say which.
                       { u"stream"_s, request.stream },
                       { u"options"_s, encoder.encodeOptions() } };
    // Ollama has no tool_choice or parallel_tool_calls: the model decides.
    if (!request.tools.isEmpty())
        body.insert(u"tools"_s, encodeTools(request.tools));
    if (request.reasoning)
        body.insert(u"think"_s, true);
    if (!request.keepAlive.isEmpty())
        body.insert(u"keep_alive"_s, request.keepAlive);
    const QString formatType = request.responseFormat.value(u"type").toString();
    if (formatType == u"json_object") {
        body.insert(u"format"_s, u"json"_s);
    } else if (formatType == u"json_schema") {
        const QJsonObject schema
            = request.responseFormat.value(u"json_schema").toObject().value(u"schema").toObject();
        body.insert(u"format"_s, stripSchemaKeys(schema));
    }
    return body;
}

int OllamaRequestEncoder::contextSize(const Request &request)
{
    const qint64 output = request.maxTokens.value_or(kDefaultOutputTokens);
    const qint64 needed = estimatePromptTokens(request) + output;
    const qint64 withHeadroom = needed + (needed + 9) / 10;
    const qint64 size = std::max(
        { qint64(request.contextLength.value_or(0)), withHeadroom, qint64(kMinimumContext) });
    const qint64 rounded = (size + kContextStep - 1) / kContextStep * kContextStep;
    return int(std::min<qint64>(rounded, std::numeric_limits<int>::max() / 2));
}

qint64 OllamaRequestEncoder::estimatePromptTokens(const Request &request)
{
    qint64 characters = 0;
    qint64 images = 0;
    for (const ContentBlock &block : request.system)
        characters += blockCharacters(block);
    for (const Message &message : request.messages) {
        characters += 16; // role markers of the chat template
        for (const ContentBlock &block : message.content) {
            characters += blockCharacters(block);
            images += blockImages(block);
        }
    }
    // The template renders the tool schemas into the prompt.
    if (!request.tools.isEmpty())
        characters
            += QJsonDocument(encodeTools(request.tools)).toJson(QJsonDocument::Compact).size();
    return (characters + kCharactersPerToken - 1) / kCharactersPerToken + images * kTokensPerImage;
}

void OllamaRequestEncoder::encodeMessage(const Message &message)
{
    switch (message.role) {
    case Role::Assistant:
        encodeAssistant(message);
        return;
    case Role::System:
        m_messages.append(QJsonObject { { u"role"_s, u"system"_s },
                                        { u"content"_s, joinedText(message.content) } });
        return;
    case Role::User:
    case Role::Tool:
        encodeUserTurn(message);
        return;
    }
}

// Tool results become "tool" messages, in order, where the user turn was; the turn's other
// content follows as a user message.
void OllamaRequestEncoder::encodeUserTurn(const Message &message)
{
    QList<ContentBlock> rest;
    for (const ContentBlock &block : message.content) {
        switch (block.kind) {
        case ContentBlock::Kind::ToolResult: {
            QStringList texts;
            QJsonArray images;
            if (!block.text.isEmpty())
                texts.append(block.text);
            for (const ContentBlock &inner : block.toolResult) {
                if (inner.kind == ContentBlock::Kind::Text)
                    texts.append(inner.text);
                appendImage(inner, images);
            }
            // is_error has no Ollama field; the result text is what the model reads anyway.
            QJsonObject tool { { u"role"_s, u"tool"_s }, { u"content"_s, texts.join(u"\n\n"_s) } };
            const QString name = m_toolNames.value(block.toolId);
            if (!name.isEmpty())
                tool.insert(u"tool_name"_s, name);
            if (!images.isEmpty())
                tool.insert(u"images"_s, images);
            m_messages.append(tool);
            break;
        }
        case ContentBlock::Kind::Text:
        case ContentBlock::Kind::Image:
            rest.append(block);
            break;
        case ContentBlock::Kind::ToolUse:
        case ContentBlock::Kind::Thinking:
        case ContentBlock::Kind::RedactedThinking:
            break; // not user content
        }
    }
    if (rest.isEmpty())
        return;
    QJsonObject user { { u"role"_s, u"user"_s }, { u"content"_s, joinedText(rest) } };
    QJsonArray images;
    for (const ContentBlock &block : rest)
        appendImage(block, images);
    if (!images.isEmpty())
        user.insert(u"images"_s, images);
    m_messages.append(user);
}

// Thinking blocks are dropped: the chat templates strip earlier turns' reasoning anyway, and
// signed or redacted reasoning from another provider means nothing to a local model.
void OllamaRequestEncoder::encodeAssistant(const Message &message)
{
    QJsonObject assistant { { u"role"_s, u"assistant"_s },
                            { u"content"_s, joinedText(message.content) } };
    QJsonArray toolCalls;
    for (const ContentBlock &block : message.content) {
        if (block.kind != ContentBlock::Kind::ToolUse)
            continue;
        m_toolNames.insert(block.toolId, block.toolName);
        toolCalls.append(ollama::toolCallToJson(block));
    }
    if (!toolCalls.isEmpty())
        assistant.insert(u"tool_calls"_s, toolCalls);
    m_messages.append(assistant);
}

QJsonArray OllamaRequestEncoder::encodeTools(const QList<Tool> &tools)
{
    QJsonArray array;
    for (const Tool &tool : tools) {
        QJsonObject parameters = stripSchemaKeys(tool.parameters).toObject();
        if (parameters.isEmpty()) // Ollama's template code expects an object schema
            parameters
                = QJsonObject { { u"type"_s, u"object"_s }, { u"properties"_s, QJsonObject() } };
        QJsonObject function { { u"name"_s, tool.name }, { u"parameters"_s, parameters } };
        if (!tool.description.isEmpty())
            function.insert(u"description"_s, tool.description);
        array.append(QJsonObject { { u"type"_s, u"function"_s }, { u"function"_s, function } });
    }
    return array;
}

QJsonObject OllamaRequestEncoder::encodeOptions() const
{
    QJsonObject options { { u"num_ctx"_s, contextSize(m_request) } };
    if (m_request.maxTokens)
        options.insert(u"num_predict"_s, *m_request.maxTokens);
    if (m_request.temperature)
        options.insert(u"temperature"_s, *m_request.temperature);
    if (m_request.topP)
        options.insert(u"top_p"_s, *m_request.topP);
    if (m_request.topK)
        options.insert(u"top_k"_s, *m_request.topK);
    if (!m_request.stop.isEmpty())
        options.insert(u"stop"_s, QJsonArray::fromStringList(m_request.stop));
    return options;
}

} // namespace switchyard::api::canonical
