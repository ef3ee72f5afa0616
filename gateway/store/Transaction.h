#pragma once

#include "base/Result.h"

#include <QSqlDatabase>

namespace switchyard::store {

/// RAII write transaction: rolled back unless commit() succeeded.
class Transaction final
{
public:
    explicit Transaction(QSqlDatabase &db) : m_db(db) { }
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    /// BEGIN IMMEDIATE: takes the write lock up front, where busy_timeout can wait for it,
    /// instead of failing later when a deferred read transaction tries to upgrade.
    Status begin();
    Status commit();
    void rollback();

private:
    QSqlDatabase &m_db;
    bool m_open = false;
};

} // namespace switchyard::store
