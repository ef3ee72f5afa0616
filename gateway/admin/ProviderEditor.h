#pragma once

#include "admin/ConfigCommit.h"
#include "base/Result.h"
#include "config/Config.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace switchyard::admin {

class ConfigEditor;

/// A provider to add, in the config file's terms (a preset, or a kind with a base URL).
struct NewProvider
{
    QString name {};
    QString preset {};
    QString kind {};
    QString baseUrl {};
    QString keyEnv {}; ///< the key comes from this environment variable
    QString keyKeychain {}; ///< or from this OS keychain entry (never the key itself)
    QStringList models {}; ///< empty: the provider's models are discovered
    bool local = false;
};

/// Adds and removes providers in config.json through a ConfigEditor (validated, atomic,
/// recorded), and reads what the CLI and the app show about them.
class ProviderEditor final
{
public:
    /// Appends \a provider to the config's "providers" and commits the result.
    static Result<ConfigCommit> add(const ConfigEditor &editor, const NewProvider &provider);
    /// Removes the provider \a name and commits; refused while a route or rule still uses it.
    static Result<ConfigCommit> remove(const ConfigEditor &editor, const QString &name);

    /// The provider named \a name in \a config (NotFound when there is none).
    static Result<config::ProviderConfig> find(const config::Config &config, const QString &name);
    /// "env:NAME" / "keychain:NAME" (names only, never key values); empty without a key.
    static QString keyReference(const config::ProviderConfig &provider);

    /// The config-file object add() writes for \a provider.
    static QJsonObject providerObject(const NewProvider &provider);
    /// \a root with \a provider appended to "providers".
    static QJsonObject withProvider(QJsonObject root, const QJsonObject &provider);
    /// \a root without the provider named \a name (NotFound when there is none).
    static Result<QJsonObject> withoutProvider(QJsonObject root, const QString &name);
};

} // namespace switchyard::admin
