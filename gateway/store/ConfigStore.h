#pragma once

#include "base/Result.h"
#include "config/Config.h"
#include "store/PriceRow.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace switchyard::store {

class Database;

/// Configuration history, the registry tables derived from it, and prices.
class ConfigStore final
{
public:
    /// Stores \a json exactly as given and rebuilds providers, models, routes and rules from
    /// \a parsed, in one transaction. Returns the new document's id.
    static Result<qint64> importConfig(Database &db, const QByteArray &json,
                                       const config::Config &parsed, const QString &source);
    /// The bytes last imported, unchanged; nullopt when nothing was imported (or on error).
    static std::optional<QByteArray> currentConfig(Database &db);
    /// Inserts or replaces prices by (model, source), in one transaction.
    static Status upsertPrices(Database &db, const QList<PriceRow> &prices);
    /// Every stored price, ordered by model then source.
    static Result<QList<PriceRow>> prices(Database &db);
};

} // namespace switchyard::store
