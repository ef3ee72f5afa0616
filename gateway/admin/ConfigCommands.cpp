#include "ConfigCommands.h"

#include "admin/ConfigEditor.h"
#include "config/ConfigLoader.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace switchyard::admin {

namespace {
AdminOutcome failure(const QString &message)
{
    return AdminOutcome { AdminExit::Failure, QByteArray(), message };
}

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}
} // namespace

Result<config::Config> ConfigCommands::load(const AdminPaths &paths)
{
    if (!QFileInfo::exists(paths.configPath))
        return config::ConfigLoader::parse(config::ConfigLoader::defaultConfigJson());
    return config::ConfigLoader::load(paths.configPath);
}

AdminOutcome ConfigCommands::validate(const AdminPaths &paths, const QString &file)
{
    const QString path = file.isEmpty() ? paths.configPath : QFileInfo(file).absoluteFilePath();
    auto config = config::ConfigLoader::load(path);
    if (!config)
        return failure(config.error().message); // "PATH:\n" and one error per line
    AdminOutcome outcome;
    outcome.out = u"OK: %1 is valid (%2 providers, %3 routes, %4 rules)\n"_s.arg(shown(path))
                      .arg(config->providers.size())
                      .arg(config->routes.size())
                      .arg(config->rules.size())
                      .toUtf8();
    return outcome;
}

AdminOutcome ConfigCommands::exportTo(const AdminPaths &paths, const QString &file)
{
    auto bytes = ConfigEditor::currentBytes(paths);
    if (!bytes)
        return failure(bytes.error().message);
    AdminOutcome outcome;
    if (file == u"-"_s) {
        outcome.out = *bytes;
        return outcome;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(*bytes) != bytes->size() || !out.commit())
        return failure(u"cannot write %1: %2"_s.arg(shown(file), out.errorString()));
    outcome.out = u"Exported the current config to %1.\n"_s.arg(shown(file)).toUtf8();
    return outcome;
}

AdminOutcome ConfigCommands::importFrom(const AdminPaths &paths, const QString &file)
{
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return failure(u"cannot read %1: %2"_s.arg(shown(file), in.errorString()));
    const QByteArray bytes = in.readAll();
    QString warning;
    auto config = ConfigEditor::commit(paths, bytes, &warning);
    if (!config)
        return failure(shown(file) + u": "_s + config.error().message);
    AdminOutcome outcome;
    outcome.out = u"Imported %1 into %2.\n"_s.arg(shown(file), shown(paths.configPath)).toUtf8();
    outcome.err = warning;
    return outcome;
}

} // namespace switchyard::admin
