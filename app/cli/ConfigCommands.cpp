#include "ConfigCommands.h"

#include "admin/ConfigEditor.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace switchyard::cli {

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

AdminOutcome ConfigCommands::validate(const admin::ConfigEditor &editor, const QString &file)
{
    const QString path
        = file.isEmpty() ? editor.paths().configPath : QFileInfo(file).absoluteFilePath();
    auto config = admin::ConfigEditor::validate(path);
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

AdminOutcome ConfigCommands::exportTo(const admin::ConfigEditor &editor, const QString &file)
{
    AdminOutcome outcome;
    if (file == u"-"_s) {
        auto bytes = editor.currentBytes();
        if (!bytes)
            return failure(bytes.error().message);
        outcome.out = *bytes;
        return outcome;
    }
    if (Status written = editor.exportTo(file); !written)
        return failure(written.error().message);
    outcome.out = u"Exported the current config to %1.\n"_s.arg(shown(file)).toUtf8();
    return outcome;
}

AdminOutcome ConfigCommands::importFrom(const admin::ConfigEditor &editor, const QString &file)
{
    auto committed = editor.importFrom(file);
    if (!committed)
        return failure(committed.error().message);
    AdminOutcome outcome;
    outcome.out
        = u"Imported %1 into %2.\n"_s.arg(shown(file), shown(editor.paths().configPath)).toUtf8();
    outcome.err = committed->warning;
    return outcome;
}

} // namespace switchyard::cli
