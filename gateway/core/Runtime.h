#pragma once

#include "base/Result.h"
#include "config/Config.h"
#include "core/GatewayHost.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>

namespace switchyard::store {
class Database;
class RequestLogWriter;
} // namespace switchyard::store

namespace switchyard::core {

/// The composition shared by `switchyard serve` and the tray app: the data dir's SQLite store
/// and its request-log writer, the gateway thread, and the config file watched for edits
/// (hot reload). Lives in the main thread.
class Runtime final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Runtime)

public:
    /// Command-line overrides that win over the file, on start and on every reload.
    struct Overrides
    {
        QString host;
        std::optional<quint16> port;
    };

    Runtime(QString dataDir, QString configPath, Overrides overrides = {},
            QObject *parent = nullptr);
    ~Runtime() override;

    /// The store's file in \a dataDir.
    static QString databasePath(const QString &dataDir);

    /// Reads and validates the config (creating the default one when \a createConfig), opens
    /// the store, imports the config into it, starts the writer and the gateway.
    Result<quint16> start(bool createConfig);
    /// What start() failed at, so callers can choose an exit code.
    enum class Failure { None, Config, Store, Gateway };
    Failure failure() const { return m_failure; }
    /// Re-reads the config file now; an invalid file changes nothing (configError()).
    Status reload();
    void requestStop();
    void stop();

    GatewayHost &host() { return m_host; }
    const config::Config &config() const { return m_config; }
    QString configPath() const { return m_configPath; }
    QString dataDir() const { return m_dataDir; }
    store::RequestLogWriter *logWriter() const { return m_writer.get(); }

Q_SIGNALS:
    /// A changed config file was applied; \a restartNeeded names settings that wait for a restart.
    void configReloaded(const QStringList &restartNeeded);
    /// The config file changed but is invalid; the running config stays.
    void configError(const QString &message);
    void stopped();

private:
    Result<config::Config> readConfig(bool create, QByteArray *bytes) const;
    void watch();
    void importIntoStore(const QByteArray &bytes, const config::Config &config);

    QString m_dataDir;
    QString m_configPath;
    Overrides m_overrides;
    config::Config m_config;
    QByteArray m_configBytes;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<store::RequestLogWriter> m_writer;
    GatewayHost m_host;
    QFileSystemWatcher m_watcher;
    QTimer m_reloadDebounce;
    Failure m_failure = Failure::None;
};

} // namespace switchyard::core
