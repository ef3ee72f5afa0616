#pragma once

#include <QByteArray>
#include <QJsonValue>

namespace switchyard::cache {

/// Deterministic JSON text for hashing: object keys sorted at every level, no whitespace,
/// numbers normalised (1, 1.0 and 1e0 all print as "1"), strings as raw UTF-8 with only the
/// escapes JSON requires. Not meant to be read back; meant to be equal exactly when the
/// values are.
class CanonicalJson final
{
public:
    static QByteArray serialize(const QJsonValue &value);
};

} // namespace switchyard::cache
