#include "ConfigEditor.h"

#include "config/ConfigLoader.h"
#include "store/ConfigStore.h"
#include "store/Database.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace switchyard::admin {

namespace {
QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}
} // namespace

ConfigEditor::ConfigEditor(AdminPaths paths) : m_paths(std::move(paths)) { }

Result<config::Config> ConfigEditor::load() const
{
    if (!QFileInfo::exists(m_paths.configPath))
        return config::ConfigLoader::parse(config::ConfigLoader::defaultConfigJson());
    return config::ConfigLoader::load(m_paths.configPath);
}

Result<QJsonObject> ConfigEditor::readObject() const
{
    QByteArray bytes;
    if (!QFileInfo::exists(m_paths.configPath)) {
        bytes = config::ConfigLoader::defaultConfigJson();
    } else {
        QFile file(m_paths.configPath);
        if (!file.open(QIODevice::ReadOnly))
            return Error { ErrorCode::Io,
                           u"cannot read %1: %2"_s.arg(shown(m_paths.configPath),
                                                       file.errorString()) };
        bytes = file.readAll();
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return Error { ErrorCode::InvalidArgument,
                       u"%1 is not a valid config (run 'switchyard config validate'); fix it "
                       "before editing it with this command"_s.arg(shown(m_paths.configPath)) };
    return doc.object();
}

Result<QByteArray> ConfigEditor::currentBytes() const
{
    if (QFileInfo::exists(m_paths.databasePath())) {
        auto db = store::Database::open(m_paths.databasePath(), store::Database::Mode::ReadOnly);
        if (db) {
            if (auto bytes = store::ConfigStore::currentConfig(**db))
                return *bytes;
        }
    }
    QFile file(m_paths.configPath);
    if (!file.open(QIODevice::ReadOnly))
        return Error { file.exists() ? ErrorCode::Io : ErrorCode::NotFound,
                       u"cannot read %1: %2"_s.arg(shown(m_paths.configPath), file.errorString()) };
    return file.readAll();
}

Result<ConfigCommit> ConfigEditor::commit(const QJsonObject &root) const
{
    return commit(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

Result<ConfigCommit> ConfigEditor::commit(const QByteArray &bytes) const
{
    auto parsed = config::ConfigLoader::parse(bytes);
    if (!parsed)
        return Error { ErrorCode::InvalidArgument,
                       u"the config would be invalid, so nothing was written:\n"_s
                           + parsed.error().message };
    if (!QDir().mkpath(QFileInfo(m_paths.configPath).absolutePath()))
        return Error { ErrorCode::Io,
                       u"cannot create the folder of %1"_s.arg(shown(m_paths.configPath)) };
    QSaveFile file(m_paths.configPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error { ErrorCode::Io,
                       u"cannot write %1: %2"_s.arg(shown(m_paths.configPath),
                                                    file.errorString()) };

    ConfigCommit done { std::move(parsed).value(), QString() };
    // The gateway would record it on reload too; doing it here keeps the history complete
    // when no gateway is running.
    auto db = store::Database::open(m_paths.databasePath());
    if (!db) {
        done.warning
            = u"the config was written but not recorded in the store: "_s + db.error().message;
        return done;
    }
    if (store::ConfigStore::currentConfig(**db) != bytes) {
        auto imported
            = store::ConfigStore::importConfig(**db, bytes, done.config, m_paths.configPath);
        if (!imported)
            done.warning = u"the config was written but not recorded in the store: "_s
                + imported.error().message;
    }
    return done;
}

Status ConfigEditor::exportTo(const QString &file) const
{
    auto bytes = currentBytes();
    if (!bytes)
        return bytes.error();
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(*bytes) != bytes->size() || !out.commit())
        return Error { ErrorCode::Io,
                       u"cannot write %1: %2"_s.arg(shown(file), out.errorString()) };
    return Status();
}

Result<ConfigCommit> ConfigEditor::importFrom(const QString &file) const
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return Error { in.exists() ? ErrorCode::Io : ErrorCode::NotFound,
                       u"cannot read %1: %2"_s.arg(shown(file), in.errorString()) };
    auto committed = commit(in.readAll());
    if (!committed)
        return Error { committed.error().code, shown(file) + u": "_s + committed.error().message };
    return committed;
}

Result<config::Config> ConfigEditor::validate(const QString &path)
{
    return config::ConfigLoader::load(path);
}

} // namespace switchyard::admin
