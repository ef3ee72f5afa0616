#pragma once

#include "admin/AdminPaths.h"
#include "base/Result.h"
#include "config/Config.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace switchyard::admin {

/// Edits of config.json by the admin commands: change only what is needed, validate the whole
/// result with the gateway's own loader, write atomically, record the version in the store.
/// A running gateway picks the file up through its watcher.
class ConfigEditor final
{
public:
    /// The config file as a JSON object; the default config when the file does not exist yet.
    static Result<QJsonObject> readObject(const QString &configPath);
    /// \a root with \a provider appended to "providers".
    static QJsonObject withProvider(QJsonObject root, const QJsonObject &provider);
    /// \a root without the provider named \a name (NotFound when there is none).
    static Result<QJsonObject> withoutProvider(QJsonObject root, const QString &name);

    /// Validates \a bytes as a whole config; on success writes them to the config file
    /// atomically and records them in the store. Nothing is written when they are invalid.
    /// \a warning receives a non-fatal problem (the store could not be updated).
    static Result<config::Config> commit(const AdminPaths &paths, const QByteArray &bytes,
                                         QString *warning);
    /// commit() of \a root written indented.
    static Result<config::Config> commit(const AdminPaths &paths, const QJsonObject &root,
                                         QString *warning);

    /// The bytes of the current config: what the store last recorded, else the config file.
    static Result<QByteArray> currentBytes(const AdminPaths &paths);
};

} // namespace switchyard::admin
