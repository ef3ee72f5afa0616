#include "ProviderCommands.h"

#include "admin/ConfigEditor.h"
#include "admin/TextTable.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::admin {

namespace {
AdminOutcome failure(const QString &message)
{
    return AdminOutcome { AdminExit::Failure, QByteArray(), message };
}

AdminOutcome committed(const AdminPaths &paths, const QJsonObject &root, const QString &done,
                       const QString &hint = QString())
{
    QString warning;
    auto result = ConfigEditor::commit(paths, root, &warning);
    if (!result)
        return failure(hint.isEmpty() ? result.error().message
                                      : result.error().message + u'\n' + hint);
    AdminOutcome outcome;
    outcome.out = (done + u'\n').toUtf8();
    outcome.err = warning;
    return outcome;
}
} // namespace

QString ProviderCommands::keyReference(const config::ProviderConfig &provider)
{
    if (!provider.apiKey)
        return QString();
    return (provider.apiKey->source == config::SecretRef::Source::Env ? u"env:"_s : u"keychain:"_s)
        + provider.apiKey->name;
}

AdminOutcome ProviderCommands::list(const config::Config &config, bool json)
{
    AdminOutcome outcome;
    if (json) {
        QJsonArray array;
        for (const config::ProviderConfig &p : config.providers) {
            const QString key = keyReference(p);
            array.append(QJsonObject {
                { u"name"_s, p.name },
                { u"kind"_s, config::providerKindName(p.kind) },
                { u"preset"_s, p.preset.isEmpty() ? QJsonValue() : QJsonValue(p.preset) },
                { u"base_url"_s, p.baseUrl.toString() },
                { u"key"_s, key.isEmpty() ? QJsonValue() : QJsonValue(key) },
                { u"models"_s,
                  p.discoverModels ? QJsonValue(u"discover"_s)
                                   : QJsonValue(QJsonArray::fromStringList(p.models)) },
                { u"local"_s, p.isLocal() },
            });
        }
        outcome.out = QJsonDocument(array).toJson(QJsonDocument::Indented);
        return outcome;
    }
    TextTable table(
        { u"NAME"_s, u"KIND"_s, u"PRESET"_s, u"BASE URL"_s, u"KEY"_s, u"LOCAL"_s, u"MODELS"_s });
    for (const config::ProviderConfig &p : config.providers) {
        const QString key = keyReference(p);
        table.addRow({ p.name, config::providerKindName(p.kind),
                       p.preset.isEmpty() ? u"-"_s : p.preset, p.baseUrl.toString(),
                       key.isEmpty() ? u"-"_s : key, p.isLocal() ? u"yes"_s : u"no"_s,
                       p.discoverModels         ? u"discover"_s
                           : p.models.isEmpty() ? u"-"_s
                                                : p.models.join(u", "_s) });
    }
    outcome.out = table.render();
    if (config.providers.isEmpty())
        outcome.out += "(no providers; add one with 'switchyard providers add')\n";
    return outcome;
}

QJsonObject ProviderCommands::providerObject(const AdminRequest &request)
{
    QJsonObject o { { u"name"_s, request.name } };
    if (!request.preset.isEmpty())
        o.insert(u"preset"_s, request.preset);
    if (!request.kind.isEmpty())
        o.insert(u"kind"_s, request.kind);
    if (!request.baseUrl.isEmpty())
        o.insert(u"base_url"_s, request.baseUrl);
    if (!request.keyEnv.isEmpty())
        o.insert(u"api_key"_s, QJsonObject { { u"env"_s, request.keyEnv } });
    if (!request.keyKeychain.isEmpty())
        o.insert(u"api_key"_s, QJsonObject { { u"keychain"_s, request.keyKeychain } });
    if (!request.models.isEmpty())
        o.insert(u"models"_s, QJsonArray::fromStringList(request.models));
    else
        o.insert(u"models"_s, u"discover"_s); // a provider without models serves nothing
    if (request.local)
        o.insert(u"local"_s, true);
    return o;
}

AdminOutcome ProviderCommands::add(const AdminPaths &paths, const AdminRequest &request)
{
    auto root = ConfigEditor::readObject(paths.configPath);
    if (!root)
        return failure(root.error().message);
    return committed(paths, ConfigEditor::withProvider(*root, providerObject(request)),
                     u"Added provider '%1' to %2."_s.arg(
                         request.name, QDir::toNativeSeparators(paths.configPath)));
}

AdminOutcome ProviderCommands::remove(const AdminPaths &paths, const AdminRequest &request)
{
    auto root = ConfigEditor::readObject(paths.configPath);
    if (!root)
        return failure(root.error().message);
    auto edited = ConfigEditor::withoutProvider(*root, request.name);
    if (!edited)
        return failure(edited.error().message);
    return committed(paths, *edited,
                     u"Removed provider '%1' from %2."_s.arg(
                         request.name, QDir::toNativeSeparators(paths.configPath)),
                     u"Change the routes and rules that use '%1' first."_s.arg(request.name));
}

} // namespace switchyard::admin
