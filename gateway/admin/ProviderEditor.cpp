#include "ProviderEditor.h"

#include "admin/ConfigEditor.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace switchyard::admin {

namespace {
Error noSuchProvider(const QString &name)
{
    return Error { ErrorCode::NotFound, u"there is no provider named '%1'"_s.arg(name) };
}
} // namespace

Result<ConfigCommit> ProviderEditor::add(const ConfigEditor &editor, const NewProvider &provider)
{
    auto root = editor.readObject();
    if (!root)
        return root.error();
    return editor.commit(withProvider(*root, providerObject(provider)));
}

Result<ConfigCommit> ProviderEditor::remove(const ConfigEditor &editor, const QString &name)
{
    auto root = editor.readObject();
    if (!root)
        return root.error();
    auto edited = withoutProvider(*root, name);
    if (!edited)
        return edited.error();
    auto committed = editor.commit(*edited);
    if (!committed)
        return Error { committed.error().code,
                       committed.error().message + u'\n'
                           + u"Change the routes and rules that use '%1' first."_s.arg(name) };
    return committed;
}

Result<config::ProviderConfig> ProviderEditor::find(const config::Config &config,
                                                    const QString &name)
{
    if (const config::ProviderConfig *provider = config.provider(name))
        return *provider;
    return noSuchProvider(name);
}

QString ProviderEditor::keyReference(const config::ProviderConfig &provider)
{
    if (!provider.apiKey)
        return QString();
    return (provider.apiKey->source == config::SecretRef::Source::Env ? u"env:"_s : u"keychain:"_s)
        + provider.apiKey->name;
}

QJsonObject ProviderEditor::providerObject(const NewProvider &provider)
{
    QJsonObject o { { u"name"_s, provider.name } };
    if (!provider.preset.isEmpty())
        o.insert(u"preset"_s, provider.preset);
    if (!provider.kind.isEmpty())
        o.insert(u"kind"_s, provider.kind);
    if (!provider.baseUrl.isEmpty())
        o.insert(u"base_url"_s, provider.baseUrl);
    if (!provider.keyEnv.isEmpty())
        o.insert(u"api_key"_s, QJsonObject { { u"env"_s, provider.keyEnv } });
    if (!provider.keyKeychain.isEmpty())
        o.insert(u"api_key"_s, QJsonObject { { u"keychain"_s, provider.keyKeychain } });
    if (!provider.models.isEmpty())
        o.insert(u"models"_s, QJsonArray::fromStringList(provider.models));
    else
        o.insert(u"models"_s, u"discover"_s); // a provider without models serves nothing
    if (provider.local)
        o.insert(u"local"_s, true);
    return o;
}

QJsonObject ProviderEditor::withProvider(QJsonObject root, const QJsonObject &provider)
{
    QJsonArray providers = root.value(u"providers"_s).toArray();
    providers.append(provider);
    root.insert(u"providers"_s, providers);
    return root;
}

Result<QJsonObject> ProviderEditor::withoutProvider(QJsonObject root, const QString &name)
{
    QJsonArray providers = root.value(u"providers"_s).toArray();
    for (qsizetype i = 0; i < providers.size(); ++i) {
        if (providers.at(i).toObject().value(u"name"_s).toString() == name) {
            providers.removeAt(i);
            root.insert(u"providers"_s, providers);
            return root;
        }
    }
    return noSuchProvider(name);
}

} // namespace switchyard::admin
