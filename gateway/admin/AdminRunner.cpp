#include "AdminRunner.h"

#include "admin/CatalogCommands.h"
#include "admin/ConfigCommands.h"
#include "admin/LogCommands.h"
#include "admin/LogFollower.h"
#include "admin/ProviderCommands.h"
#include "admin/ProviderProbe.h"
#include "admin/TokenCommands.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace switchyard::admin {

namespace {
AdminOutcome failure(const QString &message)
{
    return AdminOutcome { AdminExit::Failure, QByteArray(), message };
}
} // namespace

AdminRunner::AdminRunner(AdminRequest request, AdminPaths paths, QObject *parent)
    : QObject(parent), m_request(std::move(request)), m_paths(std::move(paths))
{
}

AdminRunner::~AdminRunner() = default;

void AdminRunner::start()
{
    QMetaObject::invokeMethod(this, &AdminRunner::run, Qt::QueuedConnection);
}

void AdminRunner::run()
{
    using Command = AdminRequest::Command;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const bool json = m_request.json;
    switch (m_request.command) {
    case Command::Help:
        Q_EMIT finished(AdminOutcome {});
        return;
    case Command::ProvidersAdd:
        Q_EMIT finished(ProviderCommands::add(m_paths, m_request));
        return;
    case Command::ProvidersRemove:
        Q_EMIT finished(ProviderCommands::remove(m_paths, m_request));
        return;
    case Command::ProvidersTest:
        testProvider();
        return;
    case Command::Logs:
        if (m_request.follow)
            follow();
        else
            Q_EMIT finished(LogCommands::logs(m_paths, m_request, now));
        return;
    case Command::Stats:
        Q_EMIT finished(LogCommands::stats(m_paths, m_request, now));
        return;
    case Command::ConfigValidate:
        Q_EMIT finished(ConfigCommands::validate(m_paths, m_request.file));
        return;
    case Command::ConfigExport:
        Q_EMIT finished(ConfigCommands::exportTo(m_paths, m_request.file));
        return;
    case Command::ConfigImport:
        Q_EMIT finished(ConfigCommands::importFrom(m_paths, m_request.file));
        return;
    case Command::TokensCreate:
        Q_EMIT finished(TokenCommands::create(m_paths, m_request));
        return;
    case Command::TokensRevoke:
        Q_EMIT finished(TokenCommands::revoke(m_paths, m_request));
        return;
    case Command::TokensList:
    case Command::ProvidersList:
    case Command::RoutesList:
    case Command::Models:
        break;
    }
    auto config = ConfigCommands::load(m_paths);
    if (!config) {
        Q_EMIT finished(failure(config.error().message));
        return;
    }
    if (m_request.command == Command::ProvidersList)
        Q_EMIT finished(ProviderCommands::list(*config, json));
    else if (m_request.command == Command::TokensList)
        Q_EMIT finished(TokenCommands::list(*config, json));
    else if (m_request.command == Command::RoutesList)
        Q_EMIT finished(CatalogCommands::routes(*config, json));
    else
        Q_EMIT finished(CatalogCommands::models(*config, json));
}

void AdminRunner::testProvider()
{
    auto config = ConfigCommands::load(m_paths);
    if (!config) {
        Q_EMIT finished(failure(config.error().message));
        return;
    }
    const config::ProviderConfig *provider = config->provider(m_request.name);
    if (!provider) {
        Q_EMIT finished(failure(u"there is no provider named '%1'"_s.arg(m_request.name)));
        return;
    }
    const int timeoutMs
        = m_request.timeoutMs > 0 ? m_request.timeoutMs : config->gateway.healthCheckTimeoutMs;
    auto *probe = new ProviderProbe(this);
    const QString name = provider->name;
    const QString url = provider->baseUrl.toString();
    const bool json = m_request.json;
    connect(probe, &ProviderProbe::finished, this,
            [this, probe, name, url, json](const ProbeResult &r) {
                probe->deleteLater();
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
                    outcome.out
                        = (u"OK  %1  %2 ms"_s.arg(name).arg(r.latencyMs)
                           + (r.models >= 0 ? u"  %1 models"_s.arg(r.models) : QString()) + u'\n')
                              .toUtf8();
                }
                if (!r.ok)
                    outcome.err
                        = u"provider '%1' (%2) failed the test: %3"_s.arg(name, url, r.error);
                Q_EMIT finished(outcome);
            });
    probe->start(*provider, timeoutMs);
}

void AdminRunner::follow()
{
    auto filter = LogCommands::filter(m_request, QDateTime::currentMSecsSinceEpoch());
    if (!filter) {
        Q_EMIT finished(AdminOutcome { AdminExit::Usage, QByteArray(), filter.error().message });
        return;
    }
    auto *follower = new LogFollower(m_paths, *filter, m_request.json, this);
    connect(follower, &LogFollower::output, this, &AdminRunner::output);
    connect(follower, &LogFollower::failed, this,
            [this](const QString &message) { Q_EMIT finished(failure(message)); });
    follower->start();
}

} // namespace switchyard::admin
