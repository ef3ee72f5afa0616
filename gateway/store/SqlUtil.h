#pragma once

#include "base/Result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace switchyard::store {

/// An Error whose message names what failed and what SQLite said.
Error sqlError(const QString &what, const QSqlError &error);
/// Runs one statement that returns no rows of interest.
Status execSql(QSqlDatabase &db, const QString &sql);
/// Runs statements in order, stopping at the first failure.
Status execAll(QSqlDatabase &db, const QStringList &statements);
/// The first column of the first row of \a sql (a null QVariant when there is no row).
Result<QVariant> scalar(QSqlDatabase &db, const QString &sql);
/// A bind value that is never NULL: text columns hold '' rather than NULL.
QVariant text(const QString &value);
/// A BLOB bind value that is NULL when \a value is empty.
QVariant blobOrNull(const QByteArray &value);

} // namespace switchyard::store
