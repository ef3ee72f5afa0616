#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace switchyard::security {

/// Requests and tokens per minute; 0 means no limit.
struct RateLimit
{
    int requestsPerMinute = 0;
    qint64 tokensPerMinute = 0;

    bool isUnlimited() const { return requestsPerMinute == 0 && tokensPerMinute == 0; }
    friend bool operator==(const RateLimit &, const RateLimit &) = default;
};

/// One configured access token: its name, its hash (never the token) and what it may do.
struct TokenEntry
{
    QString name;
    QByteArray hash; ///< "sha256:<64 lower-case hex>"
    QStringList allowedRoutes; ///< empty: every route; "prefix*" matches by prefix
    QStringList allowedModels; ///< empty: every model; "prefix*" matches by prefix
    RateLimit rateLimit;
    double dailyBudgetUsd = 0; ///< 0: no budget

    friend bool operator==(const TokenEntry &, const TokenEntry &) = default;
};

} // namespace switchyard::security
