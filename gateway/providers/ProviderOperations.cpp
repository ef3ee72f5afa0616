#include "ProviderOperations.h"

#include "providers/ProviderAdapters.h"
#include "upstream/UpstreamClient.h"
#include "upstream/UpstreamTransfer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaObject>
#include <QObject>

#include <memory>

using namespace Qt::StringLiterals;

namespace switchyard::providers {

namespace {

// The provider cannot be asked: its kind cannot do this (the client asked for something
// impossible) or the request cannot be built (a key that cannot be read).
base::ApiError requestError(const Error &error)
{
    return error.code == ErrorCode::Unsupported ? base::ApiError::invalidRequest(error.message)
                                                : base::ApiError::unavailable(error.message);
}

// OpenAI and Anthropic: {"data":[{"id"}]}; Ollama /api/tags: {"models":[{"name"}]}.
int modelCount(const QByteArray &body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (root.value(u"data"_s).isArray())
        return int(root.value(u"data"_s).toArray().size());
    if (root.value(u"models"_s).isArray())
        return int(root.value(u"models"_s).toArray().size());
    return -1;
}

constexpr qsizetype kMaxModelList = 8 * 1024 * 1024; // a model list, not a download

// Sends \a spec and hands back the body of a 200 answer, or why there is none: the
// transfer's error, "HTTP <status>", or an answer longer than \a maxBytes (the transfer is
// cancelled then: nothing the upstream sends can grow memory without bound).
void fetch(upstream::UpstreamClient *client, upstream::UpstreamRequestSpec spec, qsizetype maxBytes,
           QObject *context, std::function<void(const std::variant<QByteArray, QString> &)> done)
{
    upstream::UpstreamTransfer *transfer = client->start(std::move(spec));
    auto body = std::make_shared<QByteArray>();
    auto tooLarge = std::make_shared<bool>(false);
    QObject::connect(transfer, &upstream::UpstreamTransfer::dataReceived, context,
                     [transfer, body, tooLarge, maxBytes](const QByteArray &data) {
                         if (body->size() + data.size() > maxBytes) {
                             *tooLarge = true;
                             body->clear();
                             transfer->cancel();
                             return;
                         }
                         *body += data;
                     });
    QObject::connect(
        transfer, &upstream::UpstreamTransfer::finished, context,
        [transfer, body, tooLarge, maxBytes, done](upstream::TransferError error,
                                                   const QString &message) {
            if (*tooLarge)
                done(u"answered more than %1 MiB"_s.arg(maxBytes / (1024 * 1024)));
            else if (error != upstream::TransferError::None || transfer->status() != 200)
                done(message.isEmpty() ? u"HTTP %1"_s.arg(transfer->status()) : message);
            else
                done(*body);
        });
}

} // namespace

void ProviderOperations::loadModel(upstream::UpstreamClient *client, const Target &target,
                                   bool load, QObject *context, Done done)
{
    const config::ProviderConfig &provider = *target.provider;
    auto spec = adapterFor(provider.kind).loadRequest(provider, target.model, load);
    if (!spec) {
        done(requestError(spec.error()));
        return;
    }
    upstream::UpstreamTransfer *transfer = client->start(std::move(*spec));
    const QString model = target.id();
    QObject::connect(
        transfer, &upstream::UpstreamTransfer::finished, context,
        [transfer, load, model, done](upstream::TransferError error, const QString &message) {
            const int status = transfer->status();
            if (error != upstream::TransferError::None || status < 200 || status >= 300) {
                done(base::ApiError::badGateway(u"Could not %1 %2: %3"_s.arg(
                    load ? u"load"_s : u"unload"_s, model,
                    message.isEmpty() ? u"HTTP %1"_s.arg(status) : message)));
                return;
            }
            done(QJsonObject { { u"id"_s, model },
                               { u"status"_s, load ? u"loaded"_s : u"unloaded"_s } });
        });
}

void ProviderOperations::loadedModels(upstream::UpstreamClient *client,
                                      const config::ProviderConfig &provider, QObject *context,
                                      Done done)
{
    const ProviderAdapter &adapter = adapterFor(provider.kind);
    auto spec = adapter.loadedModelsRequest(provider);
    if (!spec) {
        done(requestError(spec.error()));
        return;
    }
    const QString name = provider.name;
    fetch(client, std::move(*spec), kMaxModelList, context,
          [name, &adapter, done](const std::variant<QByteArray, QString> &answer) {
              if (const auto *failure = std::get_if<QString>(&answer)) {
                  done(base::ApiError::badGateway(
                      u"Could not ask '%1' for its loaded models: %2"_s.arg(name, *failure)));
                  return;
              }
              QJsonArray models;
              for (const ResidentModel &m : adapter.parseLoadedModels(std::get<QByteArray>(answer)))
                  models.append(QJsonObject { { u"id"_s, QString(name + u'/' + m.name) },
                                              { u"size_bytes"_s, m.sizeBytes },
                                              { u"vram_bytes"_s, m.vramBytes },
                                              { u"cpu_spill"_s, m.vramBytes < m.sizeBytes },
                                              { u"expires_at"_s, m.expiresAt } });
              done(QJsonObject { { u"provider"_s, name }, { u"models"_s, models } });
          });
}

void ProviderOperations::probe(upstream::UpstreamClient *client,
                               Result<upstream::UpstreamRequestSpec> spec, int timeoutMs,
                               QObject *context, std::function<void(const ProbeResult &)> done)
{
    if (!spec) {
        ProbeResult result;
        result.error = spec.error().message;
        // The answer always comes from the event loop, never from inside the call.
        QMetaObject::invokeMethod(
            context, [result, done] { done(result); }, Qt::QueuedConnection);
        return;
    }
    spec->timeouts.connectMs = std::min(spec->timeouts.connectMs, timeoutMs);
    spec->timeouts.firstByteMs = timeoutMs;
    spec->timeouts.totalMs = timeoutMs;
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    upstream::UpstreamTransfer *transfer = client->start(std::move(*spec));
    auto body = std::make_shared<QByteArray>();
    QObject::connect(transfer, &upstream::UpstreamTransfer::dataReceived, context,
                     [body](const QByteArray &data) {
                         if (body->size() < kMaxModelList)
                             *body += data;
                     });
    QObject::connect(
        transfer, &upstream::UpstreamTransfer::finished, context,
        [transfer, body, clock, done](upstream::TransferError error, const QString &message) {
            ProbeResult result;
            result.latencyMs = clock->elapsed();
            result.status = transfer->status();
            if (error != upstream::TransferError::None) {
                result.error = u"no answer: %1"_s.arg(
                    message.isEmpty() ? upstream::transferErrorName(error) : message);
            } else if (result.status < 200 || result.status >= 300) {
                result.error = result.status == 401 || result.status == 403
                    ? u"HTTP %1: check the provider's API key"_s.arg(result.status)
                    : u"HTTP %1"_s.arg(result.status);
            } else {
                result.ok = true;
                result.models = modelCount(*body);
            }
            done(result);
        });
}

void ProviderOperations::listModels(
    upstream::UpstreamClient *client, const config::ProviderConfig &provider, QObject *context,
    std::function<void(const std::variant<QStringList, base::ApiError> &)> done)
{
    const ProviderAdapter &adapter = adapterFor(provider.kind);
    auto spec = adapter.modelsRequest(provider);
    if (!spec) {
        done(requestError(spec.error()));
        return;
    }
    const QString name = provider.name;
    fetch(client, std::move(*spec), kMaxModelList, context,
          [name, &adapter, done](const std::variant<QByteArray, QString> &answer) {
              if (const auto *failure = std::get_if<QString>(&answer)) {
                  done(base::ApiError::badGateway(
                      u"Could not ask '%1' for its models: %2"_s.arg(name, *failure)));
                  return;
              }
              done(adapter.parseModels(std::get<QByteArray>(answer)));
          });
}

} // namespace switchyard::providers
