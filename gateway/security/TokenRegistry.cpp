#include "TokenRegistry.h"

#include "security/AccessToken.h"

#include <QCryptographicHash>

namespace switchyard::security {

namespace {

bool matchesAny(const QStringList &patterns, QStringView value)
{
    if (patterns.isEmpty())
        return true;
    for (const QString &pattern : patterns) {
        if (pattern.endsWith(u'*') ? value.startsWith(QStringView(pattern).chopped(1))
                                   : value == pattern)
            return true;
    }
    return false;
}

} // namespace

TokenRegistry::TokenRegistry(QList<security::TokenEntry> entries) : m_entries(std::move(entries))
{
    m_digests.reserve(m_entries.size());
    for (const security::TokenEntry &entry : std::as_const(m_entries)) {
        QByteArray digest = AccessToken::digestOf(entry.hash);
        // A malformed hash never matches: an all-zero digest of the wrong length.
        m_digests.append(digest.isEmpty() ? QByteArray(31, '\0') : digest);
    }
}

const security::TokenEntry *TokenRegistry::authenticate(QByteArrayView presented) const
{
    if (presented.isEmpty())
        return nullptr;
    const QByteArray digest = QCryptographicHash::hash(presented, QCryptographicHash::Sha256);
    qsizetype found = -1;
    // No early exit: every entry is compared whatever matched before.
    for (qsizetype i = 0; i < m_digests.size(); ++i) {
        const bool equal = AccessToken::constantTimeEquals(digest, m_digests.at(i));
        found = equal ? i : found;
    }
    return found < 0 ? nullptr : &m_entries.at(found);
}

bool TokenRegistry::allows(const security::TokenEntry &entry, QStringView route, QStringView model)
{
    if (!entry.allowedRoutes.isEmpty() && route.isEmpty())
        return false;
    return matchesAny(entry.allowedRoutes, route) && matchesAny(entry.allowedModels, model);
}

} // namespace switchyard::security
