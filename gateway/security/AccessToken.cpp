#include "AccessToken.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <array>

namespace switchyard::security {

namespace {

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isBase64Url(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
        || c == '_';
}

} // namespace

QByteArray AccessToken::generate()
{
    std::array<quint32, randomBytes / 4> words {};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray random(reinterpret_cast<const char *>(words.data()), randomBytes);
    words.fill(0);
    // 32 bytes are 43 base64url characters without padding.
    return prefix.toByteArray()
        + random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray AccessToken::hash(QByteArrayView token)
{
    // Tokens carry 256 random bits, so nobody can guess one from its hash however fast the
    // hash is: a plain SHA-256 is right here, a slow password KDF would only cost latency.
    return hashPrefix.toByteArray()
        + QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
}

QByteArray AccessToken::digestOf(QByteArrayView storedHash)
{
    if (!isValidHash(storedHash))
        return {};
    return QByteArray::fromHex(storedHash.sliced(hashPrefix.size()).toByteArray());
}

bool AccessToken::isValidHash(QByteArrayView storedHash)
{
    if (!storedHash.startsWith(hashPrefix) || storedHash.size() != hashPrefix.size() + 64)
        return false;
    for (char c : storedHash.sliced(hashPrefix.size())) {
        if (!isHex(c))
            return false;
    }
    return true;
}

bool AccessToken::looksLikeToken(QByteArrayView value)
{
    if (!value.startsWith(prefix) || value.size() != prefix.size() + 43)
        return false;
    for (char c : value.sliced(prefix.size())) {
        if (!isBase64Url(c))
            return false;
    }
    return true;
}

QByteArray AccessToken::fromHeaders(const base::HeaderList &headers)
{
    const QByteArray authorization = base::headerValue(headers, "authorization");
    if (authorization.size() > 7
        && authorization.first(6).compare("bearer", Qt::CaseInsensitive) == 0
        && authorization.at(6) == ' ') {
        const QByteArray token = authorization.sliced(7).trimmed();
        if (!token.isEmpty() && !token.contains(' '))
            return token;
    }
    return base::headerValue(headers, "x-api-key").trimmed();
}

bool AccessToken::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    // volatile keeps the compiler from turning the loop into an early-exit memcmp.
    volatile unsigned char result = diff;
    return result == 0;
}

} // namespace switchyard::security
