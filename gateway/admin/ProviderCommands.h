#pragma once

#include "admin/AdminPaths.h"
#include "admin/AdminRequest.h"
#include "config/Config.h"

#include <QJsonObject>

namespace switchyard::admin {

/// `switchyard providers list|add|remove`.
class ProviderCommands final
{
public:
    static AdminOutcome list(const config::Config &config, bool json);
    static AdminOutcome add(const AdminPaths &paths, const AdminRequest &request);
    static AdminOutcome remove(const AdminPaths &paths, const AdminRequest &request);

    /// "env:NAME" / "keychain:NAME" (names only); empty without a key.
    static QString keyReference(const config::ProviderConfig &provider);
    /// The config-file object `providers add` writes for \a request.
    static QJsonObject providerObject(const AdminRequest &request);
};

} // namespace switchyard::admin
