#include "Runtime.h"

#include "base/PrivateFiles.h"
#include "config/ConfigLoader.h"
#include "store/ConfigStore.h"
#include "store/Database.h"
#include "store/RequestLogWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcRuntime, "switchyard.runtime")

namespace switchyard::core {

Runtime::Runtime(QString dataDir, QString configPath, Overrides overrides, QObject *parent)
    : QObject(parent), m_dataDir(std::move(dataDir)), m_configPath(std::move(configPath)),
      m_overrides(std::move(overrides))
{
    connect(&m_host, &GatewayHost::stopped, this, &Runtime::stopped);
    // Editors save in several steps (truncate, write, rename): react once they are done.
    m_reloadDebounce.setSingleShot(true);
    m_reloadDebounce.setInterval(300);
    connect(&m_reloadDebounce, &QTimer::timeout, this, [this] { (void)reload(); });
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this] {
        watch(); // a rename-on-save drops the file from the watch list
        m_reloadDebounce.start();
    });
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] {
        watch();
        m_reloadDebounce.start();
    });
}

Runtime::~Runtime()
{
    stop();
}

QString Runtime::databasePath(const QString &dataDir)
{
    return QDir(dataDir).filePath(u"switchyard.db"_s);
}

Result<config::Config> Runtime::readConfig(bool create, QByteArray *bytes) const
{
    auto config = create ? config::ConfigLoader::loadOrCreate(m_configPath)
                         : config::ConfigLoader::load(m_configPath);
    if (!config)
        return config;
    QFile file(m_configPath);
    if (file.open(QIODevice::ReadOnly))
        *bytes = file.readAll();
    if (!m_overrides.host.isEmpty()) {
        if (m_overrides.host != u"localhost"_s && QHostAddress(m_overrides.host).isNull())
            return Error { ErrorCode::InvalidArgument,
                           u"--host: '%1' is not an IP address"_s.arg(m_overrides.host) };
        config->gateway.host = m_overrides.host;
    }
    if (m_overrides.port)
        config->gateway.port = *m_overrides.port;
    return config;
}

Result<quint16> Runtime::start(bool createConfig)
{
    m_failure = Failure::Store;
    base::PrivateFiles::restrictNewFiles(); // cached answers and logged bodies live here
    if (!QDir().mkpath(m_dataDir))
        return Error { ErrorCode::Io,
                       u"cannot create the data directory %1"_s.arg(
                           QDir::toNativeSeparators(m_dataDir)) };
    const QString dbFile = databasePath(m_dataDir);
    QStringList privateFiles { dbFile, dbFile + u"-wal"_s, dbFile + u"-shm"_s,
                               dbFile + u"-journal"_s };
    // A config file the user keeps elsewhere (--config) keeps the mode they gave it.
    if (QFileInfo(m_configPath).absolutePath() == QFileInfo(m_dataDir).absoluteFilePath())
        privateFiles.append(m_configPath);
    const QStringList tightened = base::PrivateFiles::tighten(m_dataDir, privateFiles);
    if (!tightened.isEmpty())
        qCInfo(lcRuntime).noquote()
            << "made private (owner only):" << QDir::toNativeSeparators(tightened.join(u", "_s));
    QByteArray bytes;
    auto config = readConfig(createConfig, &bytes);
    if (!config) {
        m_failure = Failure::Config;
        return config.error();
    }
    m_failure = Failure::Store;
    m_config = *config;
    m_configBytes = bytes;

    const QString dbPath = databasePath(m_dataDir);
    auto db = store::Database::open(dbPath);
    if (!db)
        return db.error();
    m_db = std::move(*db);
    importIntoStore(bytes, m_config);

    store::StoreSettings settings;
    settings.path = dbPath;
    settings.queueCapacity = m_config.gateway.log.queueCapacity;
    settings.retentionDays = m_config.gateway.log.retentionDays;
    settings.maxBytes = m_config.gateway.log.maxMb * 1024 * 1024;
    m_writer = std::make_unique<store::RequestLogWriter>(settings);
    if (Status started = m_writer->start(); !started)
        return started.error();

    services::GatewayServices services;
    // With the log off the writer still runs (retention keeps pruning old rows) but gets
    // nothing to write.
    services.logWriter = m_config.gateway.log.enabled ? m_writer.get() : nullptr;
    services.dataDir = m_dataDir;
    services.databasePath = dbPath;
    m_failure = Failure::Gateway;
    auto port = m_host.start(m_config, services);
    if (!port) {
        m_writer->stop();
        return port;
    }
    m_failure = Failure::None;
    watch();
    return port;
}

void Runtime::watch()
{
    if (!m_watcher.files().contains(m_configPath) && QFileInfo::exists(m_configPath))
        m_watcher.addPath(m_configPath);
    const QString dir = QFileInfo(m_configPath).absolutePath();
    if (!m_watcher.directories().contains(dir))
        m_watcher.addPath(dir);
}

Status Runtime::reload()
{
    QByteArray bytes;
    auto config = readConfig(false, &bytes);
    if (!config) {
        qCWarning(lcRuntime).noquote() << "config not reloaded:" << config.error().message;
        Q_EMIT configError(config.error().message);
        return config.error();
    }
    if (bytes == m_configBytes)
        return {}; // the directory changed, not our file
    m_configBytes = bytes;
    m_config = *config;
    importIntoStore(bytes, m_config);
    const QStringList restartNeeded = m_host.applyConfig(m_config);
    qCInfo(lcRuntime).noquote() << "config reloaded from" << QDir::toNativeSeparators(m_configPath);
    Q_EMIT configReloaded(restartNeeded);
    return {};
}

void Runtime::importIntoStore(const QByteArray &bytes, const config::Config &config)
{
    if (!m_db || bytes.isEmpty())
        return;
    if (store::ConfigStore::currentConfig(*m_db) == bytes)
        return;
    auto imported = store::ConfigStore::importConfig(*m_db, bytes, config, m_configPath);
    if (!imported)
        qCWarning(lcRuntime).noquote()
            << "could not record the config in the store:" << imported.error().message;
}

void Runtime::requestStop()
{
    m_host.requestStop();
}

void Runtime::stop()
{
    m_host.stop();
    if (m_writer)
        m_writer->stop();
}

} // namespace switchyard::core
