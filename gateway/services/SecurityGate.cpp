#include "SecurityGate.h"

#include "api/JsonGuard.h"
#include "base/ApiError.h"
#include "base/ErrorWriter.h"
#include "base/RequestRecord.h"
#include "http/HttpExchange.h"
#include "security/AccessToken.h"
#include "security/ConcurrencyLimiter.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSecurity, "switchyard.security")

namespace switchyard::services {

namespace {

const QByteArray kTokenProperty = QByteArrayLiteral("switchyard.token");

base::ApiError forbidden(const QString &message, const QString &code)
{
    return { 403, u"permission_error"_s, message, {}, code };
}

} // namespace

SecurityGate::SecurityGate(QObject *parent) : QObject(parent)
{
    m_limiter = new security::ConcurrencyLimiter(this);
}

SecurityGate::~SecurityGate() = default;

void SecurityGate::configure(const config::Config &config)
{
    const security::SecuritySettings &s = config.gateway.security;
    m_hosts = security::HostPolicy(s.allowedHosts);
    m_origins = security::OriginPolicy(s.allowedOrigins);
    m_tokens = security::TokenRegistry(config.tokens);
    m_requireTokens = s.requireTokens;
    m_rates.setDefaultLimit({});
    m_rates.setLimit(QString(), s.rateLimit); // "" is the whole gateway
    for (const security::TokenEntry &token : config.tokens)
        m_rates.setLimit(u"token:"_s + token.name, token.rateLimit);
    for (const config::ProviderConfig &provider : config.providers)
        m_limiter->setLimits(
            provider.name, { provider.maxConcurrency, provider.maxQueue, provider.queueTimeoutMs });
}

void SecurityGate::sendError(http::HttpExchange *exchange, const base::ApiError &error)
{
    exchange->respondError(error, base::ErrorWriter::formatForPath(exchange->request().path));
}

bool SecurityGate::isOpenPath(const http::HttpExchange *exchange) const
{
    // Liveness checks stay open so load balancers and `curl /health` work without a token.
    const auto &request = exchange->request();
    return (request.method == "GET" && request.path == "/health")
        || (request.method == "HEAD" && request.path == "/");
}

bool SecurityGate::admit(http::HttpExchange *exchange)
{
    const auto &request = exchange->request();
    const QByteArray host = request.header("host");
    if (!m_hosts.allowed(host)) {
        qCWarning(lcSecurity).noquote() << "refused Host" << QString::fromLatin1(host.left(100))
                                        << "from" << request.peerAddress.toString();
        sendError(
            exchange,
            forbidden(u"The Host header '%1' is not allowed. Switchyard answers requests "
                      "for localhost and 127.0.0.1; add other names to "
                      "gateway.security.allowed_hosts."_s.arg(QString::fromLatin1(host.left(100))),
                      u"host_not_allowed"_s));
        return false;
    }
    const QByteArray origin = request.header("origin");
    if (!origin.isEmpty()) {
        if (!m_origins.allowed(origin)) {
            sendError(exchange,
                      forbidden(u"Requests from web pages are refused (Origin: %1). Add the "
                                "origin to gateway.security.allowed_origins to allow it."_s.arg(
                                    QString::fromLatin1(origin.left(200))),
                                u"origin_not_allowed"_s));
            return false;
        }
        if (request.method == "OPTIONS") {
            auto headers = m_origins.preflightHeaders(
                origin, request.header("access-control-request-method"),
                request.header("access-control-request-headers"));
            if (!headers) {
                sendError(exchange,
                          forbidden(u"This preflight asks for a method or header "
                                    "Switchyard does not allow."_s,
                                    u"preflight_refused"_s));
                return false;
            }
            exchange->respond(204, QByteArray(), *headers);
            return false;
        }
        for (const auto &[name, value] : m_origins.corsHeaders(origin))
            exchange->addResponseHeader(name, value);
    }

    if (!isOpenPath(exchange) && (m_requireTokens || !m_tokens.isEmpty())) {
        const QByteArray presented = security::AccessToken::fromHeaders(request.headers);
        const security::TokenEntry *token
            = presented.isEmpty() ? nullptr : m_tokens.authenticate(presented);
        if (!token && m_requireTokens) {
            const QString peer = request.peerAddress.toString();
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            const int delay = m_throttle.delayFor(peer, now);
            m_throttle.recordFailure(peer, now);
            const base::ApiError error {
                401,
                u"authentication_error"_s,
                presented.isEmpty()
                    ? u"This gateway requires an access token: send it as "
                      "'Authorization: Bearer sk-sy-…' or 'x-api-key'. Create one with "
                      "`switchyard tokens create NAME`."_s
                    : u"The access token is not valid."_s,
                {},
                u"invalid_api_key"_s
            };
            if (delay <= 0) {
                sendError(exchange, error);
            } else {
                // Repeated bad tokens from one peer: answer late, so guessing is slow.
                QTimer::singleShot(delay, exchange,
                                   [exchange, error] { sendError(exchange, error); });
            }
            return false;
        }
        if (token) {
            m_throttle.recordSuccess(request.peerAddress.toString());
            exchange->setProperty(kTokenProperty.constData(), token->name);
        }
    }

    if (request.method == "POST" && !request.body.isEmpty()) {
        if (auto problem = api::JsonGuard::check(request.body)) {
            sendError(exchange,
                      base::ApiError::invalidRequest(problem->message, problem->param,
                                                     u"invalid_json"_s));
            return false;
        }
    }

    if (request.method == "POST") {
        const qint64 estimate = request.body.size() / 4; // ~4 bytes per token
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QString tokenName = exchange->property(kTokenProperty.constData()).toString();
        const auto check = [&](const QString &key, const QString &what) {
            const security::RateLimiter::Decision d = m_rates.check(key, estimate, now);
            if (d.allowed)
                return true;
            exchange->addResponseHeader(QByteArrayLiteral("Retry-After"),
                                        QByteArray::number(qMax(1, d.retryAfterSeconds)));
            sendError(
                exchange,
                { 429,
                  u"rate_limit_error"_s,
                  u"Rate limit of %1 reached (%2 per minute); retry in %3 s."_s
                      .arg(what,
                           d.limitedBy == security::RateLimiter::LimitedBy::Tokens ? u"tokens"_s
                                                                                   : u"requests"_s)
                      .arg(qMax(1, d.retryAfterSeconds)),
                  {},
                  u"rate_limit_exceeded"_s });
            return false;
        };
        if (!check(QString(), u"the gateway"_s))
            return false;
        if (!tokenName.isEmpty() && !check(u"token:"_s + tokenName, u"token '%1'"_s.arg(tokenName)))
            return false;
    }
    return true;
}

bool SecurityGate::admitTarget(http::HttpExchange *exchange, const QString &route,
                               const QString &model)
{
    const QString name = exchange->property(kTokenProperty.constData()).toString();
    if (name.isEmpty())
        return true;
    const security::TokenEntry *token = nullptr;
    for (const security::TokenEntry &entry : m_tokens.entries()) {
        if (entry.name == name)
            token = &entry;
    }
    if (!token)
        return true; // removed by a reload while the request was on its way
    if (!security::TokenRegistry::allows(*token, route, model)) {
        sendError(exchange,
                  forbidden(u"The access token '%1' may not use %2."_s.arg(
                                name,
                                route.isEmpty() ? u"model '%1'"_s.arg(model)
                                                : u"route '%1'"_s.arg(route)),
                            u"model_not_allowed"_s));
        return false;
    }
    if (token->dailyBudgetUsd > 0) {
        if (m_spendDay != QDate::currentDate()) {
            m_tokenSpendToday.clear();
            m_spendDay = QDate::currentDate();
        }
        const double spent = m_tokenSpendToday.value(name);
        if (spent >= token->dailyBudgetUsd) {
            const QDateTime now = QDateTime::currentDateTime();
            const QDateTime midnight(now.date().addDays(1), QTime(0, 0));
            exchange->addResponseHeader(QByteArrayLiteral("Retry-After"),
                                        QByteArray::number(qMax<qint64>(1, now.secsTo(midnight))));
            sendError(exchange,
                      { 429,
                        u"rate_limit_error"_s,
                        u"The daily budget of access token '%1' is used up ($%2 of $%3)."_s.arg(
                            name, QString::number(spent, 'f', 2),
                            QString::number(token->dailyBudgetUsd, 'f', 2)),
                        {},
                        u"budget_exceeded"_s });
            return false;
        }
    }
    return true;
}

void SecurityGate::completed(const base::RequestRecord &record)
{
    if (record.tokenName.isEmpty())
        return;
    if (record.usageKnown)
        m_rates.commitTokens(u"token:"_s + record.tokenName, record.bytesIn / 4,
                             record.tokensIn + record.tokensOut);
    if (record.costKnown && record.costUsd > 0) {
        if (m_spendDay != QDate::currentDate()) {
            m_tokenSpendToday.clear();
            m_spendDay = QDate::currentDate();
        }
        m_tokenSpendToday[record.tokenName] += record.costUsd;
    }
}

} // namespace switchyard::services
