#include "ConfigEditor.h"

#include "config/ConfigLoader.h"
#include "store/ConfigStore.h"
#include "store/Database.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
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

Result<QJsonObject> ConfigEditor::readObject(const QString &configPath)
{
    QByteArray bytes;
    if (!QFileInfo::exists(configPath)) {
        bytes = config::ConfigLoader::defaultConfigJson();
    } else {
        QFile file(configPath);
        if (!file.open(QIODevice::ReadOnly))
            return Error { ErrorCode::Io,
                           u"cannot read %1: %2"_s.arg(shown(configPath), file.errorString()) };
        bytes = file.readAll();
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return Error { ErrorCode::InvalidArgument,
                       u"%1 is not a valid config (run 'switchyard config validate'); fix it "
                       "before editing it with this command"_s.arg(shown(configPath)) };
    return doc.object();
}

QJsonObject ConfigEditor::withProvider(QJsonObject root, const QJsonObject &provider)
{
    QJsonArray providers = root.value(u"providers"_s).toArray();
    providers.append(provider);
    root.insert(u"providers"_s, providers);
    return root;
}

Result<QJsonObject> ConfigEditor::withoutProvider(QJsonObject root, const QString &name)
{
    QJsonArray providers = root.value(u"providers"_s).toArray();
    for (qsizetype i = 0; i < providers.size(); ++i) {
        if (providers.at(i).toObject().value(u"name"_s).toString() == name) {
            providers.removeAt(i);
            root.insert(u"providers"_s, providers);
            return root;
        }
    }
    return Error { ErrorCode::NotFound, u"there is no provider named '%1'"_s.arg(name) };
}

Result<config::Config> ConfigEditor::commit(const AdminPaths &paths, const QJsonObject &root,
                                            QString *warning)
{
    return commit(paths, QJsonDocument(root).toJson(QJsonDocument::Indented), warning);
}

Result<config::Config> ConfigEditor::commit(const AdminPaths &paths, const QByteArray &bytes,
                                            QString *warning)
{
    auto parsed = config::ConfigLoader::parse(bytes);
    if (!parsed)
        return Error { ErrorCode::InvalidArgument,
                       u"the config would be invalid, so nothing was written:\n"_s
                           + parsed.error().message };
    if (!QDir().mkpath(QFileInfo(paths.configPath).absolutePath()))
        return Error { ErrorCode::Io,
                       u"cannot create the folder of %1"_s.arg(shown(paths.configPath)) };
    QSaveFile file(paths.configPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error { ErrorCode::Io,
                       u"cannot write %1: %2"_s.arg(shown(paths.configPath), file.errorString()) };

    // The gateway would record it on reload too; doing it here keeps the history complete
    // when no gateway is running.
    auto db = store::Database::open(paths.databasePath());
    if (!db) {
        *warning = u"the config was written but not recorded in the store: "_s + db.error().message;
        return parsed;
    }
    if (store::ConfigStore::currentConfig(**db) != bytes) {
        auto imported = store::ConfigStore::importConfig(**db, bytes, *parsed, paths.configPath);
        if (!imported)
            *warning = u"the config was written but not recorded in the store: "_s
                + imported.error().message;
    }
    return parsed;
}

Result<QByteArray> ConfigEditor::currentBytes(const AdminPaths &paths)
{
    if (QFileInfo::exists(paths.databasePath())) {
        auto db = store::Database::open(paths.databasePath(), store::Database::Mode::ReadOnly);
        if (db) {
            if (auto bytes = store::ConfigStore::currentConfig(**db))
                return *bytes;
        }
    }
    QFile file(paths.configPath);
    if (!file.open(QIODevice::ReadOnly))
        return Error { file.exists() ? ErrorCode::Io : ErrorCode::NotFound,
                       u"cannot read %1: %2"_s.arg(shown(paths.configPath), file.errorString()) };
    return file.readAll();
}

} // namespace switchyard::admin
