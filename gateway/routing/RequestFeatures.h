#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace switchyard::routing {

/// What routing rules and strategies look at in one request, extracted once.
struct RequestFeatures
{
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    QString model; ///< as the client asked
    qint64 promptTokens = 0; ///< TokenEstimator's estimate
    qint64 maxOutputTokens = 0; ///< max_tokens / max_completion_tokens, 0 = not given
    bool stream = false;
    bool hasImages = false;
    bool hasTools = false;
    QStringList toolNames;
    bool reasoning = false; ///< reasoning_effort, thinking or reasoning asked for
    QString lastUserText; ///< text of the last user message
    Headers headers;

    /// From a parsed OpenAI (or Anthropic-shaped) request body and the request's headers.
    static RequestFeatures fromRequest(const QJsonObject &request, const Headers &headers);
    /// Value of the first header named \a name (case-insensitive), empty if absent.
    QByteArray header(QByteArrayView name) const;
};

} // namespace switchyard::routing
