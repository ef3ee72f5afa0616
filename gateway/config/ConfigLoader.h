#pragma once

#include "base/Result.h"
#include "config/Config.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace switchyard::config {

/// Parses and validates config.json. Every problem is reported with its field path.
class ConfigLoader final
{
public:
    /// Routing strategies the gateway implements.
    static const QStringList &knownStrategies();

    static Result<Config> parse(const QByteArray &json);
    static Result<Config> load(const QString &path);
    /// Loads \a path, writing a default config there first if it does not exist.
    static Result<Config> loadOrCreate(const QString &path);

    static QJsonObject toJson(const Config &config);
    static QByteArray defaultConfigJson();
};

} // namespace switchyard::config
