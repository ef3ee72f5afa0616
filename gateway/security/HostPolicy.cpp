#include "HostPolicy.h"

#include <QHostAddress>

namespace switchyard::security {

namespace {

bool isNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
        || c == '.' || c == '_';
}

// 1-65535 in decimal, at most 5 digits; anything else (empty, sign, spaces) is malformed.
std::optional<quint16> parsePort(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 5)
        return std::nullopt;
    int value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535)
        return std::nullopt;
    return quint16(value);
}

// Canonical dotted quad only ("127.0.0.1"); "127.1" or "0177.0.0.1" are not what browsers send.
std::optional<quint32> parseDottedQuad(QByteArrayView s)
{
    quint32 address = 0;
    int parts = 0;
    qsizetype pos = 0;
    while (pos <= s.size()) {
        qsizetype end = s.indexOf('.', pos);
        if (end < 0)
            end = s.size();
        const QByteArrayView part = s.sliced(pos, end - pos);
        if (part.isEmpty() || part.size() > 3 || (part.size() > 1 && part.front() == '0'))
            return std::nullopt;
        int value = 0;
        for (char c : part) {
            if (c < '0' || c > '9')
                return std::nullopt;
            value = value * 10 + (c - '0');
        }
        if (value > 255 || ++parts > 4)
            return std::nullopt;
        address = (address << 8) | quint32(value);
        pos = end + 1;
    }
    if (parts != 4)
        return std::nullopt;
    return address;
}

bool sameHost(const HostPolicy::HostPort &configured, const HostPolicy::HostPort &presented)
{
    if (configured.ipv6 != presented.ipv6)
        return false;
    if (configured.port != 0 && configured.port != presented.port)
        return false;
    if (configured.ipv6)
        return QHostAddress(QString::fromLatin1(configured.host))
            == QHostAddress(QString::fromLatin1(presented.host));
    return configured.host == presented.host;
}

} // namespace

HostPolicy::HostPolicy(const QStringList &allowedHosts)
{
    for (const QString &entry : allowedHosts) {
        if (auto host = parse(entry.toLatin1()))
            m_hosts.append(*host);
    }
}

std::optional<HostPolicy::HostPort> HostPolicy::parse(QByteArrayView value)
{
    if (value.isEmpty() || value.size() > 255 + 7)
        return std::nullopt;
    HostPort result;
    QByteArrayView host = value;
    if (value.front() == '[') {
        const qsizetype close = value.indexOf(']');
        if (close < 0)
            return std::nullopt;
        host = value.sliced(1, close - 1);
        const QByteArrayView rest = value.sliced(close + 1);
        if (!rest.isEmpty()) {
            if (rest.front() != ':')
                return std::nullopt;
            const auto port = parsePort(rest.sliced(1));
            if (!port)
                return std::nullopt;
            result.port = *port;
        }
        result.ipv6 = true;
    } else if (value.count(':') > 1) {
        result.ipv6 = true; // a bare IPv6 address ("::1"); it cannot carry a port
    } else if (const qsizetype colon = value.indexOf(':'); colon >= 0) {
        host = value.first(colon);
        const auto port = parsePort(value.sliced(colon + 1));
        if (!port)
            return std::nullopt;
        result.port = *port;
    }
    if (result.ipv6) {
        for (char c : host) {
            const bool hex
                = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex && c != ':' && c != '.')
                return std::nullopt; // no zone ids, spaces or anything else
        }
        QHostAddress address;
        if (!address.setAddress(QString::fromLatin1(host))
            || address.protocol() != QAbstractSocket::IPv6Protocol)
            return std::nullopt;
        result.host = host.toByteArray().toLower();
        return result;
    }
    if (host.endsWith('.'))
        host.chop(1); // "localhost." is the same DNS name as "localhost"
    if (host.isEmpty() || host.startsWith('.') || host.contains(".."))
        return std::nullopt;
    for (char c : host) {
        if (!isNameChar(c))
            return std::nullopt; // spaces, userinfo ('@'), paths, control bytes
    }
    result.host = host.toByteArray().toLower();
    return result;
}

bool HostPolicy::isValidHostEntry(const QString &entry)
{
    return !entry.isEmpty() && entry.size() == entry.toLatin1().size()
        && parse(entry.toLatin1()).has_value();
}

bool HostPolicy::isLoopback(const HostPort &host)
{
    if (host.ipv6) {
        const QHostAddress address(QString::fromLatin1(host.host));
        return address.isLoopback();
    }
    if (host.host == "localhost" || host.host.endsWith(".localhost"))
        return true;
    if (const auto v4 = parseDottedQuad(host.host))
        return (*v4 >> 24) == 127;
    return false;
}

bool HostPolicy::allowed(QByteArrayView hostHeader) const
{
    const auto host = parse(hostHeader);
    if (!host)
        return false;
    if (isLoopback(*host))
        return true;
    for (const HostPort &configured : m_hosts) {
        if (sameHost(configured, *host))
            return true;
    }
    return false;
}

} // namespace switchyard::security
