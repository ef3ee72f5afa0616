#pragma once

#include "security/TokenEntry.h"

#include <QList>

namespace switchyard::security {

/// The configured access tokens; finds the entry a presented token belongs to.
class TokenRegistry final
{
public:
    TokenRegistry() = default;
    explicit TokenRegistry(QList<security::TokenEntry> entries);

    /// The entry whose hash matches \a presented, or null. Hashes the token once and compares
    /// it with every entry in constant time, so timing reveals neither a match nor its place.
    const security::TokenEntry *authenticate(QByteArrayView presented) const;
    /// Whether \a entry may use \a route (empty when the request named no route) and \a model.
    static bool allows(const security::TokenEntry &entry, QStringView route, QStringView model);

    const QList<security::TokenEntry> &entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }

private:
    QList<security::TokenEntry> m_entries;
    QList<QByteArray> m_digests; ///< raw SHA-256 per entry, same order
};

} // namespace switchyard::security
