#pragma once

#include <QByteArray>
#include <QString>

namespace switchyard::store {

/// One persisted response-cache entry (table cache_entries).
struct CacheEntryRow
{
    QString key {};
    qint64 createdMs = 0; ///< ms since the epoch
    qint64 expiresMs = 0; ///< ms since the epoch; the entry is gone from then on
    QString inboundFormat {}; ///< the client API the body is written in
    bool stream = false;
    QString model {};
    int status = 0;
    QString contentType {};
    QByteArray body {}; ///< the stored size (column "bytes") is body.size()
};

} // namespace switchyard::store
