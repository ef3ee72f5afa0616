#pragma once

#include "admin/AdminPaths.h"
#include "admin/ConfigCommit.h"
#include "base/Result.h"
#include "config/Config.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace switchyard::admin {

/// Reads and edits config.json for the CLI and the desktop app alike: an edit is validated
/// with the gateway's own loader (errors name the field), written atomically, and recorded in
/// the store. A running gateway picks the file up through its watcher. No output, no prompts.
class ConfigEditor final
{
public:
    /// An editor for the config file and store that \a paths name.
    explicit ConfigEditor(AdminPaths paths);

    /// The config file and store this editor works on.
    const AdminPaths &paths() const { return m_paths; }

    /// The config file, parsed; the default config when the file does not exist yet.
    Result<config::Config> load() const;
    /// The config file as a JSON object to edit; the default config when it does not exist yet.
    Result<QJsonObject> readObject() const;
    /// The bytes of the current config: what the store last recorded, else the config file.
    Result<QByteArray> currentBytes() const;

    /// Validates \a bytes as a whole config; if valid, writes them to the config file atomically
    /// and records them in the store. Nothing is written when they are invalid: the error then
    /// lists every problem with its field path, one per line.
    Result<ConfigCommit> commit(const QByteArray &bytes) const;
    /// commit() of \a root written as indented JSON.
    Result<ConfigCommit> commit(const QJsonObject &root) const;

    /// Writes currentBytes() to \a file atomically.
    Status exportTo(const QString &file) const;
    /// Reads \a file and commit()s its exact bytes; commit errors are prefixed with \a file.
    Result<ConfigCommit> importFrom(const QString &file) const;

    /// Loads and validates the config file at \a path like the gateway does; changes nothing.
    static Result<config::Config> validate(const QString &path);

private:
    AdminPaths m_paths;
};

} // namespace switchyard::admin
