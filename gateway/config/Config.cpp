#include "Config.h"

#include <QHostAddress>

using namespace Qt::StringLiterals;

namespace switchyard::config {

namespace {

// QHostAddress::isPrivateUse() only exists from Qt 6.6, so spell out the ranges.
bool isPrivateAddress(const QHostAddress &address)
{
    static const QList<std::pair<QHostAddress, int>> ranges {
        { QHostAddress(u"10.0.0.0"_s), 8 },     { QHostAddress(u"172.16.0.0"_s), 12 },
        { QHostAddress(u"192.168.0.0"_s), 16 }, { QHostAddress(u"169.254.0.0"_s), 16 },
        { QHostAddress(u"100.64.0.0"_s), 10 }, // carrier-grade NAT, also Tailscale
        { QHostAddress(u"fc00::"_s), 7 },       { QHostAddress(u"fe80::"_s), 10 },
    };
    return std::any_of(ranges.begin(), ranges.end(),
                       [&](const auto &range) { return address.isInSubnet(range); });
}

} // namespace

const QStringList &RetryConfig::knownFailureKinds()
{
    // bad_response is ours: the proxy has always moved on after a garbled answer.
    static const QStringList kinds { u"connect"_s, u"timeout"_s,        u"429"_s,
                                     u"5xx"_s,     u"context_length"_s, u"bad_response"_s };
    return kinds;
}

bool ProviderConfig::isLocal() const
{
    if (local)
        return *local;
    const QString host = baseUrl.host().toLower();
    if (host == u"localhost"_s || host.endsWith(u".localhost"_s) || host.endsWith(u".local"_s))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && (address.isLoopback() || isPrivateAddress(address));
}

ModelInfo ProviderConfig::info(const QString &model) const
{
    ModelInfo result = modelInfo.value(model);
    if (isLocal()) {
        if (!result.inputPerMTok)
            result.inputPerMTok = 0.0;
        if (!result.outputPerMTok)
            result.outputPerMTok = 0.0;
    }
    return result;
}

const ProviderConfig *Config::provider(const QString &name) const
{
    for (const auto &p : providers) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

const RouteConfig *Config::route(const QString &model) const
{
    for (const auto &r : routes) {
        if (r.model == model)
            return &r;
    }
    return nullptr;
}

const RouteConfig *Config::defaultRoute() const
{
    return route(u"default"_s);
}

} // namespace switchyard::config
