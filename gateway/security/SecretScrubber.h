#pragma once

#include <QByteArray>
#include <QList>

namespace switchyard::security {

/// Removes credentials from text that leaves the gateway (upstream error bodies relayed to
/// clients, logs): every known secret, and anything shaped like a provider key.
class SecretScrubber final
{
public:
    static constexpr QByteArrayView redacted = "[REDACTED]";
    /// Known secrets shorter than this are not searched for: replacing a short string
    /// everywhere would mangle the body, and such a value is no real key anyway.
    static constexpr qsizetype minSecretLength = 8;
    /// Key-looking strings need at least this many key characters after their prefix.
    static constexpr qsizetype minKeyChars = 20;

    /// Replaces each of \a secrets (raw, JSON-escaped and percent-encoded) with "[REDACTED]",
    /// then keys by shape ("sk-", "sk-ant-", "sk-proj-", "AIza", "gsk_", "Bearer ") with
    /// "<prefix>…[REDACTED]".
    static QByteArray scrub(QByteArray body, const QList<QByteArray> &secrets);
};

} // namespace switchyard::security
