#pragma once

#include <QByteArray>
#include <QList>

#include <functional>

namespace switchyard::base {
struct ApiError;
}

namespace switchyard::http {
class HttpExchange;
}

namespace switchyard::http {

/// Maps (method, path) to handlers; answers 404 and 405 itself.
class Router final
{
public:
    using Handler = std::function<void(http::HttpExchange *)>;
    Router() = default;

    /// Exact path match.
    void add(const QByteArray &method, const QByteArray &path, Handler handler);
    /// Prefix match (the prefix ends with '/'), tried after exact paths.
    void addPrefix(const QByteArray &method, const QByteArray &prefix, Handler handler);

    void dispatch(http::HttpExchange *exchange) const;

private:
    struct Entry
    {
        QByteArray method;
        QByteArray path;
        bool prefix = false;
        Handler handler;
    };
    QList<Entry> m_entries;
};

} // namespace switchyard::http
