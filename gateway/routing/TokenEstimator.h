#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringView>

namespace switchyard::routing {

/// Fast prompt-size estimate for routing decisions ("over 60k tokens → long-context"). No
/// tokenizer files: a heuristic calibrated against OpenAI's cl100k_base/o200k_base, within
/// ~10 % on English prose and source code, conservative (a little high) on code.
class TokenEstimator final
{
public:
    /// What one image costs: OpenAI's 1024×1024 high-detail figure, a typical screenshot.
    static constexpr qint64 imageTokens = 765;
    /// Chat framing per message (role and separators), as OpenAI's cookbook counts it.
    static constexpr qint64 perMessageTokens = 3;
    static constexpr qint64 replyPrimingTokens = 3;

    static qint64 estimateText(QStringView text);
    /// Messages (OpenAI or Anthropic shape, text and content parts), system, tools, and the
    /// prompt/input of completions and embeddings requests.
    static qint64 estimateRequest(const QJsonObject &request);

private:
    static double textTokens(QStringView text);
    static double valueTokens(const QJsonValue &value);
};

} // namespace switchyard::routing
