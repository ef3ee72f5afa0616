#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

#include <optional>

namespace switchyard::security {

/// Decides whether a request's Host header names this gateway. Browsers send the name the
/// page asked for, so refusing foreign names defeats DNS rebinding: a page on evil.example
/// that re-points its name to 127.0.0.1 still sends "Host: evil.example".
class HostPolicy final
{
public:
    /// A parsed "name[:port]" / "[v6][:port]"; port 0 means "no port given".
    struct HostPort
    {
        QByteArray host; ///< lower-case, without brackets or a trailing dot
        quint16 port = 0;
        bool ipv6 = false;
    };

    /// Loopback names only.
    HostPolicy() = default;
    /// Loopback names plus \a allowedHosts ("name" allows any port, "name:port" only that one).
    /// Entries that do not parse are ignored; validate them with isValidHostEntry() first.
    explicit HostPolicy(const QStringList &allowedHosts);

    /// True when \a hostHeader is a loopback name/address or a configured host.
    bool allowed(QByteArrayView hostHeader) const;

    /// Splits a Host header value strictly; nothing for empty or malformed values.
    static std::optional<HostPort> parse(QByteArrayView hostHeader);
    /// True for a configured "allowed_hosts" entry this policy can use.
    static bool isValidHostEntry(const QString &entry);
    /// localhost, *.localhost, 127.0.0.0/8 or ::1 (after parse()).
    static bool isLoopback(const HostPort &host);

private:
    QList<HostPort> m_hosts;
};

} // namespace switchyard::security
