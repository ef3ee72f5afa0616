#include "Transaction.h"

#include "store/SqlUtil.h"

using namespace Qt::StringLiterals;

namespace switchyard::store {

Transaction::~Transaction()
{
    rollback();
}

Status Transaction::begin()
{
    if (Status status = execSql(m_db, u"BEGIN IMMEDIATE"_s); !status)
        return status;
    m_open = true;
    return {};
}

Status Transaction::commit()
{
    if (Status status = execSql(m_db, u"COMMIT"_s); !status)
        return status;
    m_open = false;
    return {};
}

void Transaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    // Nothing useful to do if ROLLBACK itself fails: the connection is closed soon after.
    (void)execSql(m_db, u"ROLLBACK"_s);
}

} // namespace switchyard::store
