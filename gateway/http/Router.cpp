#include "Router.h"

#include "base/ApiError.h"
#include "http/HttpExchange.h"

using namespace Qt::StringLiterals;

namespace switchyard::http {

void Router::add(const QByteArray &method, const QByteArray &path, Handler handler)
{
    m_entries.append({ method, path, false, std::move(handler) });
}

void Router::addPrefix(const QByteArray &method, const QByteArray &prefix, Handler handler)
{
    m_entries.append({ method, prefix, true, std::move(handler) });
}

void Router::dispatch(http::HttpExchange *exchange) const
{
    const QByteArray &method = exchange->request().method;
    QByteArray path = exchange->request().path;
    if (path.size() > 1 && path.endsWith('/'))
        path.chop(1);

    QList<QByteArray> allowed;
    for (const bool prefixPass : { false, true }) {
        for (const Entry &entry : m_entries) {
            if (entry.prefix != prefixPass)
                continue;
            const bool matches = entry.prefix
                ? path.startsWith(entry.path) && path.size() > entry.path.size()
                : path == entry.path;
            if (!matches)
                continue;
            if (entry.method == method) {
                entry.handler(exchange);
                return;
            }
            if (!allowed.contains(entry.method))
                allowed.append(entry.method);
        }
        if (!allowed.isEmpty())
            break;
    }
    if (!allowed.isEmpty()) {
        exchange->addResponseHeader(QByteArrayLiteral("Allow"), allowed.join(", "));
        // OpenAI's shape for every path: the router knows no endpoint yet.
        exchange->respondError(
            base::ApiError::methodNotAllowed(u"%1 is not allowed on %2 (allowed: %3)"_s.arg(
                QString::fromLatin1(method), QString::fromLatin1(path),
                QString::fromLatin1(allowed.join(", ")))),
            base::WireFormat::OpenAiChat);
        return;
    }
    exchange->respondError(
        base::ApiError::notFound(
            u"no endpoint %1 %2 (Switchyard serves the OpenAI API under /v1)"_s.arg(
                QString::fromLatin1(method.left(16)), QString::fromUtf8(path.left(200)))),
        base::WireFormat::OpenAiChat);
}

} // namespace switchyard::http
