#include "SqlUtil.h"

using namespace Qt::StringLiterals;

namespace switchyard::store {

Error sqlError(const QString &what, const QSqlError &error)
{
    QString detail = error.databaseText();
    if (detail.isEmpty())
        detail = error.text();
    return Error { ErrorCode::Io, what + u": "_s + detail };
}

Status execSql(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return sqlError(sql.simplified().left(80), query.lastError());
    return {};
}

Status execAll(QSqlDatabase &db, const QStringList &statements)
{
    for (const QString &sql : statements) {
        if (Status status = execSql(db, sql); !status)
            return status;
    }
    return {};
}

Result<QVariant> scalar(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(sql))
        return sqlError(sql.simplified().left(80), query.lastError());
    QVariant value;
    if (query.next())
        value = query.value(0);
    // Release the statement now so a reader does not keep its snapshot.
    query.finish();
    return value;
}

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QString(u""_s)) : QVariant(value);
}

QVariant blobOrNull(const QByteArray &value)
{
    return value.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(value);
}

} // namespace switchyard::store
