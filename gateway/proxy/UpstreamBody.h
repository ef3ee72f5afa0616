#pragma once

#include "api/RequestContext.h"
#include "base/ApiError.h"
#include "base/Result.h"
#include "base/WireFormat.h"
#include "config/Config.h"
#include "routing/RoutingDecision.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <variant>

namespace switchyard::proxy {

/// The bodies that cross between the client's format and an upstream's for one attempt: the
/// request sent upstream, and a buffered answer or error body turned back into the client's
/// shape. Formats that match pass bytes through with only `model` edited; formats that differ
/// go through the canonical model.
class UpstreamBody final
{
public:
    UpstreamBody() = delete;

    /// The request body for \a target of \a provider, which speaks \a upstream. Decodes the
    /// client's request into \a request.canonical the first time a translation needs it, so
    /// later attempts reuse it. Fails with a message for the client when the provider cannot
    /// serve the request as written.
    static Result<QByteArray> forAttempt(api::RequestContext &request,
                                         const config::ProviderConfig &provider,
                                         const routing::PlannedAttempt &target,
                                         base::WireFormat upstream);

    /// An upstream error body in the client's format (\a status kept), with \a provider's key
    /// scrubbed from it (\a provider may be null).
    static QByteArray clientError(int status, const QByteArray &upstreamBody,
                                  const config::ProviderConfig *provider, base::WireFormat inbound,
                                  base::WireFormat upstream);

    /// A buffered 2xx answer (\a raw, parsed as \a answer) in the client's format. Translated
    /// answers name \a model; pass-through answers are renamed only when \a alias is set.
    static std::variant<QByteArray, base::ApiError>
    clientResponse(const QByteArray &raw, const QJsonObject &answer, base::WireFormat inbound,
                   base::WireFormat upstream, const QString &model, bool alias);
};

} // namespace switchyard::proxy
