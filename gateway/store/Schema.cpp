#include "Schema.h"

#include "store/SqlUtil.h"
#include "store/Transaction.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace switchyard::store {

namespace {

// Version 1: configuration history, the registry derived from it, prices, the request log
// with its daily roll-up, and the response cache's persistence.
Schema::Step version1()
{
    return {
        u"CREATE TABLE config_documents ("
        "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
        "  imported_at_ms INTEGER NOT NULL,"
        "  source TEXT NOT NULL,"
        "  json BLOB NOT NULL)"_s, // BLOB: the exact bytes come back for export
        u"CREATE TABLE providers ("
        "  name TEXT PRIMARY KEY,"
        "  position INTEGER NOT NULL,"
        "  kind TEXT NOT NULL,"
        "  preset TEXT NOT NULL DEFAULT '',"
        "  base_url TEXT NOT NULL,"
        "  key_source TEXT CHECK (key_source IN ('env', 'keychain')),"
        "  key_name TEXT," // the reference only; key values never reach the store
        "  discover_models INTEGER NOT NULL DEFAULT 0,"
        "  local INTEGER NOT NULL DEFAULT 0,"
        "  connect_ms INTEGER NOT NULL,"
        "  first_byte_ms INTEGER NOT NULL,"
        "  stream_idle_ms INTEGER NOT NULL,"
        "  total_ms INTEGER NOT NULL)"_s,
        u"CREATE TABLE models ("
        "  provider TEXT NOT NULL REFERENCES providers(name) ON DELETE CASCADE,"
        "  name TEXT NOT NULL,"
        "  listed INTEGER NOT NULL DEFAULT 1," // in the provider's "models" list
        "  input_per_mtok REAL,"
        "  output_per_mtok REAL,"
        "  context_length INTEGER,"
        "  capabilities TEXT NOT NULL DEFAULT '[]',"
        "  PRIMARY KEY (provider, name)) WITHOUT ROWID"_s,
        u"CREATE TABLE routes ("
        "  model TEXT PRIMARY KEY,"
        "  position INTEGER NOT NULL,"
        "  strategy TEXT NOT NULL,"
        "  targets TEXT NOT NULL," // JSON [{"id": "provider/model", "weight": 1}]
        "  retry_attempts INTEGER NOT NULL,"
        "  retry_backoff_ms INTEGER NOT NULL,"
        "  retry_on TEXT NOT NULL," // JSON array of failure kinds
        "  first_byte_ms INTEGER NOT NULL DEFAULT 0,"
        "  total_ms INTEGER NOT NULL DEFAULT 0)"_s,
        u"CREATE TABLE rules ("
        "  position INTEGER PRIMARY KEY,"
        "  route TEXT NOT NULL,"
        "  conditions TEXT NOT NULL)"_s, // JSON object: the rule's "when"
        u"CREATE TABLE prices ("
        "  model TEXT NOT NULL,"
        "  source TEXT NOT NULL CHECK (source IN ('bundled', 'override')),"
        "  input_per_token REAL NOT NULL DEFAULT 0,"
        "  output_per_token REAL NOT NULL DEFAULT 0,"
        "  cache_read_per_token REAL NOT NULL DEFAULT 0,"
        "  cache_write_per_token REAL NOT NULL DEFAULT 0,"
        "  context_window INTEGER NOT NULL DEFAULT 0,"
        "  version TEXT NOT NULL DEFAULT '',"
        "  updated_at_ms INTEGER NOT NULL,"
        "  PRIMARY KEY (model, source)) WITHOUT ROWID"_s,
        u"CREATE TABLE request_log ("
        "  id INTEGER PRIMARY KEY," // rowid: grows with every insert, --follow pages on it
        "  request_id TEXT NOT NULL,"
        "  started_at_ms INTEGER NOT NULL,"
        "  endpoint TEXT NOT NULL,"
        "  requested_model TEXT NOT NULL,"
        "  route TEXT NOT NULL,"
        "  rule_reason TEXT NOT NULL,"
        "  strategy TEXT NOT NULL,"
        "  attempts TEXT NOT NULL," // JSON [{"target", "outcome", "detail"}]
        "  provider TEXT NOT NULL,"
        "  model TEXT NOT NULL,"
        "  status INTEGER NOT NULL,"
        "  error_code TEXT NOT NULL,"
        "  stream INTEGER NOT NULL,"
        "  inbound_api TEXT NOT NULL,"
        "  token_name TEXT NOT NULL,"
        "  tokens_in INTEGER NOT NULL,"
        "  tokens_out INTEGER NOT NULL,"
        "  tokens_cached INTEGER NOT NULL,"
        "  tokens_cache_write INTEGER NOT NULL,"
        "  tokens_reasoning INTEGER NOT NULL,"
        "  usage_known INTEGER NOT NULL,"
        "  cost_usd REAL NOT NULL,"
        "  price_version TEXT NOT NULL,"
        "  cost_known INTEGER NOT NULL,"
        "  cache_hit INTEGER NOT NULL,"
        "  latency_ms INTEGER NOT NULL,"
        "  ttft_ms INTEGER NOT NULL,"
        "  bytes_in INTEGER NOT NULL,"
        "  bytes_out INTEGER NOT NULL,"
        "  request_body BLOB," // NULL unless the route logs bodies
        "  response_body BLOB)"_s,
        // Time ranges (stats, spend, retention, the log view). Model and provider filters scan
        // the time range: every extra index costs each of the thousands of inserts a second,
        // and the request log must stay cheap for the gateway (see docs/PERFORMANCE.md).
        u"CREATE INDEX request_log_started ON request_log (started_at_ms)"_s,
        u"CREATE TABLE daily_aggregates ("
        "  day TEXT NOT NULL," // YYYY-MM-DD, local time
        "  provider TEXT NOT NULL,"
        "  model TEXT NOT NULL,"
        "  route TEXT NOT NULL,"
        "  requests INTEGER NOT NULL DEFAULT 0,"
        "  errors INTEGER NOT NULL DEFAULT 0,"
        "  tokens_in INTEGER NOT NULL DEFAULT 0,"
        "  tokens_out INTEGER NOT NULL DEFAULT 0,"
        "  tokens_cached INTEGER NOT NULL DEFAULT 0,"
        "  tokens_reasoning INTEGER NOT NULL DEFAULT 0,"
        "  cost_usd REAL NOT NULL DEFAULT 0,"
        "  latency_ms_sum INTEGER NOT NULL DEFAULT 0,"
        "  cache_hits INTEGER NOT NULL DEFAULT 0,"
        "  PRIMARY KEY (day, provider, model, route)) WITHOUT ROWID"_s,
        u"CREATE TABLE cache_entries ("
        "  key TEXT PRIMARY KEY,"
        "  created_ms INTEGER NOT NULL,"
        "  expires_ms INTEGER NOT NULL,"
        "  inbound_format TEXT NOT NULL,"
        "  stream INTEGER NOT NULL,"
        "  model TEXT NOT NULL,"
        "  status INTEGER NOT NULL,"
        "  content_type TEXT NOT NULL,"
        "  body BLOB NOT NULL,"
        "  bytes INTEGER NOT NULL)"_s,
        u"CREATE INDEX cache_entries_expires ON cache_entries (expires_ms)"_s,
    };
}

} // namespace

const QList<Schema::Step> &Schema::steps()
{
    static const QList<Step> list { version1() };
    return list;
}

Result<int> Schema::version(QSqlDatabase &db)
{
    Result<QVariant> value = scalar(db, u"PRAGMA user_version"_s);
    if (!value)
        return value.error();
    return value->toInt();
}

Status Schema::checkNotNewer(int version, int known, const QString &path)
{
    if (version <= known)
        return {};
    return Error { ErrorCode::Unavailable,
                   u"%1 was written by a newer Switchyard (schema %2; this build knows up to %3). "
                   "Upgrade Switchyard or use another --data-dir."_s.arg(
                       QDir::toNativeSeparators(path), QString::number(version),
                       QString::number(known)) };
}

Status Schema::migrate(QSqlDatabase &db, const QString &path, const QList<Step> &steps)
{
    Result<int> from = version(db);
    if (!from)
        return from.error();
    const int target = int(steps.size());
    if (Status status = checkNotNewer(*from, target, path); !status)
        return status;
    if (*from == 0) {
        // Only takes effect before the first table exists, and must come before WAL mode
        // writes the file header; a no-op on a file that already has tables.
        if (Status status = execSql(db, u"PRAGMA auto_vacuum = INCREMENTAL"_s); !status)
            return status;
    }
    for (int v = *from; v < target; ++v) {
        Transaction transaction(db);
        if (Status status = transaction.begin(); !status)
            return status;
        QStringList statements = steps.at(v);
        statements.append(u"PRAGMA user_version = %1"_s.arg(v + 1));
        if (Status status = execAll(db, statements); !status)
            return Error { status.error().code,
                           u"migrating %1 to schema %2: %3"_s.arg(QDir::toNativeSeparators(path),
                                                                  QString::number(v + 1),
                                                                  status.error().message) };
        if (Status status = transaction.commit(); !status)
            return status;
    }
    return {};
}

} // namespace switchyard::store
