#pragma once

#include "config/Config.h"
#include "security/AuthThrottle.h"
#include "security/ConcurrencyLimiter.h"
#include "security/HostPolicy.h"
#include "security/OriginPolicy.h"
#include "security/RateLimiter.h"
#include "security/TokenRegistry.h"

#include <QDate>
#include <QHash>
#include <QObject>
#include <QPointer>

namespace switchyard::base {
struct ApiError;
struct RequestRecord;
} // namespace switchyard::base

namespace switchyard::http {
class HttpExchange;
}
namespace switchyard::services {

/// Who may call the gateway, checked before any route runs: the Host header (DNS rebinding),
/// the Origin header (web pages; CORS only for allow-listed origins), access tokens with
/// slow-down for repeated failures, JSON bodies that could hurt the parser, and rate limits.
/// Answers refusals itself, in the API's own error format.
class SecurityGate final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecurityGate)

public:
    explicit SecurityGate(QObject *parent = nullptr);
    ~SecurityGate() override;

    void configure(const config::Config &config);
    /// True when the request may go on to its route; false when it has been (or, for a
    /// throttled bad token, will be) answered.
    bool admit(http::HttpExchange *exchange);
    /// The request's token (if any) may use \a route / \a model and has budget left today;
    /// otherwise answers 403/429 and returns false.
    bool admitTarget(http::HttpExchange *exchange, const QString &route, const QString &model);
    /// A proxied request is over: its real token use and cost count against its token.
    void completed(const base::RequestRecord &record);
    security::ConcurrencyLimiter *limiter() const { return m_limiter; }
    static void sendError(http::HttpExchange *exchange, const base::ApiError &error);

private:
    bool isOpenPath(const http::HttpExchange *exchange) const;

    security::HostPolicy m_hosts;
    security::OriginPolicy m_origins;
    security::TokenRegistry m_tokens;
    security::AuthThrottle m_throttle;
    security::RateLimiter m_rates;
    bool m_requireTokens = false;
    QPointer<security::ConcurrencyLimiter> m_limiter;
    QHash<QString, double> m_tokenSpendToday;
    QDate m_spendDay;
};

} // namespace switchyard::services
