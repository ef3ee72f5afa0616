#include "AdminRunner.h"

#include "admin/LogFollower.h"
#include "admin/ProviderEditor.h"
#include "admin/ProviderProbe.h"
#include "cli/CatalogCommands.h"
#include "cli/ConfigCommands.h"
#include "cli/LogCommands.h"
#include "cli/ProviderCommands.h"
#include "cli/TextTable.h"
#include "cli/TokenCommands.h"

#include <QDateTime>
#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace switchyard::cli {

namespace {
AdminOutcome failure(const QString &message)
{
    return AdminOutcome { AdminExit::Failure, QByteArray(), message };
}
} // namespace

AdminRunner::AdminRunner(AdminRequest request, admin::AdminPaths paths, QObject *parent)
    : QObject(parent), m_request(std::move(request)), m_editor(std::move(paths))
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
    const admin::AdminPaths &paths = m_editor.paths();
    switch (m_request.command) {
    case Command::Help:
        Q_EMIT finished(AdminOutcome {});
        return;
    case Command::ProvidersAdd:
        Q_EMIT finished(ProviderCommands::add(m_editor, m_request));
        return;
    case Command::ProvidersRemove:
        Q_EMIT finished(ProviderCommands::remove(m_editor, m_request));
        return;
    case Command::ProvidersTest:
        testProvider();
        return;
    case Command::Logs:
        if (m_request.follow)
            follow();
        else
            Q_EMIT finished(LogCommands::logs(paths, m_request, now));
        return;
    case Command::Stats:
        Q_EMIT finished(LogCommands::stats(paths, m_request, now));
        return;
    case Command::ConfigValidate:
        Q_EMIT finished(ConfigCommands::validate(m_editor, m_request.file));
        return;
    case Command::ConfigExport:
        Q_EMIT finished(ConfigCommands::exportTo(m_editor, m_request.file));
        return;
    case Command::ConfigImport:
        Q_EMIT finished(ConfigCommands::importFrom(m_editor, m_request.file));
        return;
    case Command::TokensCreate:
        Q_EMIT finished(TokenCommands::create(m_editor, m_request));
        return;
    case Command::TokensRevoke:
        Q_EMIT finished(TokenCommands::revoke(m_editor, m_request));
        return;
    case Command::TokensList:
    case Command::ProvidersList:
    case Command::RoutesList:
    case Command::Models:
        break;
    }
    auto config = m_editor.load();
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
    auto config = m_editor.load();
    if (!config) {
        Q_EMIT finished(failure(config.error().message));
        return;
    }
    auto provider = admin::ProviderEditor::find(*config, m_request.name);
    if (!provider) {
        Q_EMIT finished(failure(provider.error().message));
        return;
    }
    const int timeoutMs
        = m_request.timeoutMs > 0 ? m_request.timeoutMs : config->gateway.healthCheckTimeoutMs;
    auto *probe = new admin::ProviderProbe(this);
    connect(probe, &admin::ProviderProbe::finished, this,
            [this, probe, tested = *provider,
             json = m_request.json](const providers::ProbeResult &result) {
                probe->deleteLater();
                Q_EMIT finished(ProviderCommands::tested(tested, result, json));
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
    const bool json = m_request.json;
    const TextTable table = LogCommands::followTable();
    if (!json)
        Q_EMIT output(table.renderHeader());
    auto *follower = new admin::LogFollower(m_editor.paths(), *filter, this);
    connect(follower, &admin::LogFollower::rowsAdded, this,
            [this, table, json](const QList<store::LogRow> &rows) {
                QByteArray text;
                for (const store::LogRow &row : rows)
                    text += json ? LogCommands::jsonLine(row)
                                 : table.renderRow(LogCommands::logCells(row));
                Q_EMIT output(text);
            });
    connect(follower, &admin::LogFollower::failed, this,
            [this](const QString &message) { Q_EMIT finished(failure(message)); });
    follower->start();
}

} // namespace switchyard::cli
