#include "ProviderCommands.h"

#include "admin/ConfigEditor.h"
#include "cli/TextTable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::cli {

namespace {
AdminOutcome failure(const QString &message)
{
    return AdminOutcome { AdminExit::Failure, QByteArray(), message };
}

AdminOutcome committed(const Result<admin::ConfigCommit> &result, const QString &done)
{
    if (!result)
        return failure(result.error().message);
    AdminOutcome outcome;
    outcome.out = (done + u'\n').toUtf8();
    outcome.err = result->warning;
    return outcome;
}
} // namespace

AdminOutcome ProviderCommands::list(const config::Config &config, bool json)
{
    AdminOutcome outcome;
    if (json) {
        QJsonArray array;
        for (const config::ProviderConfig &p : config.providers) {
            const QString key = admin::ProviderEditor::keyReference(p);
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
        const QString key = admin::ProviderEditor::keyReference(p);
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

admin::NewProvider ProviderCommands::newProvider(const AdminRequest &request)
{
    admin::NewProvider provider;
    provider.name = request.name;
    provider.preset = request.preset;
    provider.kind = request.kind;
    provider.baseUrl = request.baseUrl;
    provider.keyEnv = request.keyEnv;
    provider.keyKeychain = request.keyKeychain;
    provider.models = request.models;
    provider.local = request.local;
    return provider;
}

AdminOutcome ProviderCommands::add(const admin::ConfigEditor &editor, const AdminRequest &request)
{
    return committed(admin::ProviderEditor::add(editor, newProvider(request)),
                     u"Added provider '%1' to %2."_s.arg(
                         request.name, QDir::toNativeSeparators(editor.paths().configPath)));
}

AdminOutcome ProviderCommands::remove(const admin::ConfigEditor &editor,
                                      const AdminRequest &request)
{
    return committed(admin::ProviderEditor::remove(editor, request.name),
                     u"Removed provider '%1' from %2."_s.arg(
                         request.name, QDir::toNativeSeparators(editor.paths().configPath)));
}

AdminOutcome ProviderCommands::tested(const config::ProviderConfig &provider,
                                      const providers::ProbeResult &r, bool json)
{
    const QString name = provider.name;
    const QString url = provider.baseUrl.toString();
    AdminOutcome outcome;
    outcome.exit = r.ok ? AdminExit::Ok : AdminExit::Failure;
    if (json) {
        QJsonObject o { { u"provider"_s, name },
                        { u"base_url"_s, url },
                        { u"ok"_s, r.ok },
                        { u"status"_s, r.status },
                        { u"latency_ms"_s, double(r.latencyMs) } };
        if (r.models >= 0)
            o.insert(u"models"_s, r.models);
        if (!r.ok)
            o.insert(u"error"_s, r.error);
        outcome.out = QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else if (r.ok) {
        outcome.out = (u"OK  %1  %2 ms"_s.arg(name).arg(r.latencyMs)
                       + (r.models >= 0 ? u"  %1 models"_s.arg(r.models) : QString()) + u'\n')
                          .toUtf8();
    }
    if (!r.ok)
        outcome.err = u"provider '%1' (%2) failed the test: %3"_s.arg(name, url, r.error);
    return outcome;
}

} // namespace switchyard::cli
