#pragma once

#include "config/ProviderKind.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace switchyard::config {

/// What a well-known provider needs: `"preset": "groq"` fills in kind and base URL.
struct ProviderPreset
{
    QString name;
    ProviderKind kind;
    QString baseUrl;
    bool local = false;
    QString healthPath; ///< below the server root; empty: the kind's model list
};

std::optional<ProviderPreset> findPreset(const QString &name);
QStringList presetNames();

} // namespace switchyard::config
