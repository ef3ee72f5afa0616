#pragma once

#include "security/TokenEntry.h"

#include <QStringList>

namespace switchyard::security {

/// "gateway.security": who may talk to the gateway and how fast.
struct SecuritySettings
{
    bool requireTokens = false; ///< refuse requests without a valid access token
    QStringList allowedHosts; ///< Host names besides loopback ("name" or "name:port")
    QStringList allowedOrigins; ///< normalised browser origins allowed by CORS
    RateLimit rateLimit; ///< for the whole gateway; 0 = none

    friend bool operator==(const SecuritySettings &, const SecuritySettings &) = default;
};

} // namespace switchyard::security
