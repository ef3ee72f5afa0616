#pragma once

#include "base/HeaderList.h"

#include <QByteArray>

namespace switchyard::security {

/// Gateway access tokens ("sk-sy-" + 43 base64url characters) and their stored form,
/// "sha256:<64 hex>". The token itself is shown once and never stored or logged.
class AccessToken final
{
public:
    static constexpr QByteArrayView prefix = "sk-sy-";
    static constexpr QByteArrayView hashPrefix = "sha256:";
    static constexpr int randomBytes = 32;

    /// A new token from the system CSPRNG (256 bits).
    static QByteArray generate();
    /// The stored form of \a token: "sha256:" + lower-case hex.
    static QByteArray hash(QByteArrayView token);
    /// The raw 32-byte digest of a well-formed stored hash, or empty.
    static QByteArray digestOf(QByteArrayView storedHash);
    /// True for "sha256:" followed by 64 hex digits (either case).
    static bool isValidHash(QByteArrayView storedHash);
    /// True for something shaped like a token we issued (prefix + 43 base64url characters).
    static bool looksLikeToken(QByteArrayView value);

    /// The credential a client presented: "Authorization: Bearer X" (OpenAI SDKs), else
    /// "x-api-key: X" (Anthropic SDKs); empty when neither is there.
    static QByteArray fromHeaders(const base::HeaderList &headers);

    /// Compares in time that depends only on the lengths, never on where the bytes differ.
    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
};

} // namespace switchyard::security
