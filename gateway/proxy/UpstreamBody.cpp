#include "UpstreamBody.h"

#include "api/JsonBody.h"
#include "api/canonical/Codecs.h"
#include "providers/OpenAiAdapter.h"
#include "providers/ProviderRequest.h"
#include "security/SecretScrubber.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::proxy {

Result<QByteArray> UpstreamBody::forAttempt(api::RequestContext &request,
                                            const config::ProviderConfig &provider,
                                            const routing::PlannedAttempt &target,
                                            base::WireFormat upstream)
{
    const QString &model = target.model;
    if (upstream == request.format) {
        if (request.format == base::WireFormat::AnthropicMessages)
            return api::JsonBody::setMember(request.raw, "model", api::JsonBody::quote(model));
        return providers::OpenAiAdapter::upstreamBody({ &provider, model }, request, request.raw);
    }
    const api::canonical::Codec *inboundCodec = api::canonical::codecFor(request.format);
    const api::canonical::Codec *upstreamCodec = api::canonical::codecFor(upstream);
    if (!inboundCodec || !upstreamCodec) {
        return Error { ErrorCode::Unsupported,
                       u"speaks %1, which cannot serve this endpoint"_s.arg(
                           config::providerKindName(provider.kind)) };
    }
    // Decoded once: by the endpoint's validation, or by the first translating attempt.
    if (!request.canonical) {
        auto decoded = inboundCodec->decodeRequest(request.object);
        if (auto *e = std::get_if<base::ApiError>(&decoded))
            return Error { ErrorCode::Unsupported, e->message };
        request.canonical = std::get<api::canonical::Request>(std::move(decoded));
    }
    api::canonical::Request canonical = *request.canonical;
    canonical.model = model;
    canonical.stream = request.stream;
    if (upstream == base::WireFormat::OllamaChat) {
        if (target.contextLength)
            canonical.contextLength = int(*target.contextLength);
        // Clients that know they talk to Ollama may send keep_alive in an OpenAI body.
        const QJsonValue keepAlive = request.object.value(u"keep_alive"_s);
        if (keepAlive.isString())
            canonical.keepAlive = keepAlive.toString();
        else if (keepAlive.isDouble())
            canonical.keepAlive = QString::number(keepAlive.toInteger());
        // Ollama takes images only inline; it cannot fetch a URL. Say so rather than answer
        // as if the image had been seen.
        for (const api::canonical::Message &message : std::as_const(canonical.messages)) {
            for (const api::canonical::ContentBlock &block : message.content) {
                if (block.kind == api::canonical::ContentBlock::Kind::Image
                    && block.imageData.isEmpty()) {
                    return Error { ErrorCode::Unsupported,
                                   u"cannot fetch image URLs (Ollama takes images only as base64 "
                                   "data); send the image inline as a data: URL"_s };
                }
            }
        }
    }
    return QJsonDocument(upstreamCodec->encodeRequest(canonical)).toJson(QJsonDocument::Compact);
}

QByteArray UpstreamBody::clientError(int status, const QByteArray &upstreamBody,
                                     const config::ProviderConfig *provider,
                                     base::WireFormat inbound, base::WireFormat upstream)
{
    // Some providers echo the key they were sent ("Incorrect API key provided: sk-…"): it
    // must not reach the client, whoever the client is.
    QList<QByteArray> secrets;
    if (provider) {
        if (auto key = providers::providerKey(*provider); key && !key->isEmpty())
            secrets.append(*key);
    }
    const QByteArray body = security::SecretScrubber::scrub(upstreamBody, secrets);
    if (upstream == inbound)
        return body;
    base::ApiError error = api::canonical::codecFor(upstream)->decodeError(status, body);
    error.status = status;
    return api::canonical::codecFor(inbound)->encodeError(error);
}

std::variant<QByteArray, base::ApiError>
UpstreamBody::clientResponse(const QByteArray &raw, const QJsonObject &answer,
                             base::WireFormat inbound, base::WireFormat upstream,
                             const QString &model, bool alias)
{
    if (upstream == inbound) {
        if (!alias)
            return raw;
        return api::JsonBody::setMember(raw, "model", api::JsonBody::quote(model));
    }
    auto decoded = api::canonical::codecFor(upstream)->decodeResponse(answer);
    if (auto *e = std::get_if<base::ApiError>(&decoded))
        return *e;
    auto &response = std::get<api::canonical::Response>(decoded);
    response.model = model;
    return QJsonDocument(api::canonical::codecFor(inbound)->encodeResponse(response))
        .toJson(QJsonDocument::Compact);
}

} // namespace switchyard::proxy
