#include "Database.h"

#include "store/Schema.h"
#include "store/SqlUtil.h"

#include <QDir>
#include <QFileInfo>

#include <atomic>

using namespace Qt::StringLiterals;

namespace switchyard::store {

namespace {

QString uniqueConnectionName()
{
    // QSqlDatabase connections are per thread; a fresh name per Database keeps them apart.
    static std::atomic<quint64> counter { 0 };
    return u"switchyard.store.%1"_s.arg(++counter);
}

} // namespace

Database::Database(const QString &path, Mode mode)
    : m_path(path), m_mode(mode), m_name(uniqueConnectionName())
{
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
    m_db.setDatabaseName(path);
    if (mode == Mode::ReadOnly)
        m_db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
}

Database::~Database()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<Database>> Database::open(const QString &path, Mode mode)
{
    const QString shown = QDir::toNativeSeparators(path);
    if (mode == Mode::ReadOnly && !QFileInfo::exists(path))
        return Error { ErrorCode::NotFound, u"%1 does not exist"_s.arg(shown) };
    if (mode == Mode::ReadWrite && !QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error { ErrorCode::Io, u"cannot create the directory of %1"_s.arg(shown) };
    std::unique_ptr<Database> db(new Database(path, mode));
    if (!db->m_db.open())
        return sqlError(u"cannot open %1"_s.arg(shown), db->m_db.lastError());
    if (Status status = db->configure(); !status)
        return status.error();
    return db;
}

Status Database::configure()
{
    const QString shown = QDir::toNativeSeparators(m_path);
    // Connection-level settings first: they do not write to the file.
    if (Status status
        = execAll(m_db, { u"PRAGMA busy_timeout = 5000"_s, u"PRAGMA foreign_keys = ON"_s });
        !status)
        return status;
    // Read the version before anything can write: a newer file (or a file that is not a
    // database at all) must be left exactly as it is.
    Result<int> version = Schema::version(m_db);
    if (!version)
        return Error { ErrorCode::InvalidArgument,
                       u"cannot use %1 as the Switchyard store: %2"_s.arg(
                           shown, version.error().message) };
    if (Status status = Schema::checkNotNewer(*version, Schema::kCurrentVersion, m_path); !status)
        return status;

    if (m_mode == Mode::ReadOnly) {
        if (*version < Schema::kCurrentVersion)
            return Error { ErrorCode::Unavailable,
                           u"%1 has schema %2, this build reads %3; start Switchyard once to "
                           "upgrade it"_s.arg(shown, QString::number(*version),
                                              QString::number(Schema::kCurrentVersion)) };
        return {};
    }
    // Migrate before switching to WAL: auto_vacuum must be set while the file is still empty.
    if (Status status = Schema::migrate(m_db, m_path); !status)
        return status;
    Result<QVariant> journal = scalar(m_db, u"PRAGMA journal_mode = WAL"_s);
    if (!journal)
        return journal.error();
    if (journal->toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
        return Error { ErrorCode::Io,
                       u"%1: cannot switch to WAL mode (journal mode is %2)"_s.arg(
                           shown, journal->toString()) };
    return execSql(m_db, u"PRAGMA synchronous = NORMAL"_s);
}

} // namespace switchyard::store
