#include "ConfigStore.h"

#include "config/RouteConfigReader.h"
#include "store/Database.h"
#include "store/SqlUtil.h"
#include "store/Transaction.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::store {

namespace {

QString compactJson(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// The same "when" object as config.json, so the stored rule reads like the file.
QString conditionsJson(const config::RuleCondition &when)
{
    return QString::fromUtf8(QJsonDocument(config::RouteConfigReader::conditionToJson(when))
                                 .toJson(QJsonDocument::Compact));
}

QVariant optionalReal(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::Double));
}

Status insertProviders(QSqlDatabase &db, const config::Config &config)
{
    QSqlQuery provider(db);
    provider.prepare(u"INSERT INTO providers (name, position, kind, preset, base_url, key_source, "
                     "key_name, discover_models, local, connect_ms, first_byte_ms, "
                     "stream_idle_ms, total_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    QSqlQuery model(db);
    model.prepare(u"INSERT INTO models (provider, name, listed, input_per_mtok, output_per_mtok, "
                  "context_length, capabilities) VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    int position = 0;
    for (const config::ProviderConfig &p : config.providers) {
        const QVariant nullText { QMetaType(QMetaType::QString) };
        QVariantList values { text(p.name), position++, text(config::providerKindName(p.kind)),
                              text(p.preset), p.baseUrl.toString() };
        // Only where the key comes from: its value never reaches the store.
        if (p.apiKey)
            values << (p.apiKey->source == config::SecretRef::Source::Env ? u"env"_s
                                                                          : u"keychain"_s)
                   << p.apiKey->name;
        else
            values << nullText << nullText;
        values << p.discoverModels << p.isLocal() << p.timeouts.connectMs << p.timeouts.firstByteMs
               << p.timeouts.streamIdleMs << p.timeouts.totalMs;
        for (int i = 0; i < values.size(); ++i)
            provider.bindValue(i, values.at(i));
        if (!provider.exec())
            return sqlError(u"storing provider %1"_s.arg(p.name), provider.lastError());

        QStringList names = p.models;
        for (auto it = p.modelInfo.keyBegin(); it != p.modelInfo.keyEnd(); ++it) {
            if (!names.contains(*it))
                names.append(*it);
        }
        for (const QString &name : std::as_const(names)) {
            const config::ModelInfo info = p.info(name);
            model.bindValue(0, p.name);
            model.bindValue(1, name);
            model.bindValue(2, p.models.contains(name));
            model.bindValue(3, optionalReal(info.inputPerMTok));
            model.bindValue(4, optionalReal(info.outputPerMTok));
            model.bindValue(5,
                            info.contextLength ? QVariant(*info.contextLength)
                                               : QVariant(QMetaType(QMetaType::LongLong)));
            model.bindValue(6, compactJson(QJsonArray::fromStringList(info.capabilities)));
            if (!model.exec())
                return sqlError(u"storing model %1/%2"_s.arg(p.name, name), model.lastError());
        }
    }
    return {};
}

Status insertRoutesAndRules(QSqlDatabase &db, const config::Config &config)
{
    QSqlQuery route(db);
    route.prepare(u"INSERT INTO routes (model, position, strategy, targets, retry_attempts, "
                  "retry_backoff_ms, retry_on, first_byte_ms, total_ms) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    int position = 0;
    for (const config::RouteConfig &r : config.routes) {
        QJsonArray targets;
        for (const config::RouteTarget &t : r.targetList)
            targets.append(QJsonObject { { u"id"_s, t.id }, { u"weight"_s, t.weight } });
        const QVariantList values { text(r.model),
                                    position++,
                                    text(r.strategy),
                                    compactJson(targets),
                                    r.retry.attempts,
                                    r.retry.backoffMs,
                                    compactJson(QJsonArray::fromStringList(r.retry.on)),
                                    r.timeouts.firstByteMs,
                                    r.timeouts.totalMs };
        for (int i = 0; i < values.size(); ++i)
            route.bindValue(i, values.at(i));
        if (!route.exec())
            return sqlError(u"storing route %1"_s.arg(r.model), route.lastError());
    }
    QSqlQuery rule(db);
    rule.prepare(u"INSERT INTO rules (position, route, conditions) VALUES (?, ?, ?)"_s);
    position = 0;
    for (const config::RuleConfig &r : config.rules) {
        rule.bindValue(0, position++);
        rule.bindValue(1, text(r.route));
        rule.bindValue(2, conditionsJson(r.when));
        if (!rule.exec())
            return sqlError(u"storing rule %1"_s.arg(position - 1), rule.lastError());
    }
    return {};
}

} // namespace

Result<qint64> ConfigStore::importConfig(Database &db, const QByteArray &json,
                                         const config::Config &parsed, const QString &source)
{
    QSqlDatabase &c = db.connection();
    Transaction transaction(c);
    if (Status status = transaction.begin(); !status)
        return status.error();
    QSqlQuery insert(c);
    insert.prepare(
        u"INSERT INTO config_documents (imported_at_ms, source, json) VALUES (?, ?, ?)"_s);
    insert.bindValue(0, QDateTime::currentMSecsSinceEpoch());
    insert.bindValue(1, text(source));
    // A BLOB keeps the bytes exactly; an empty QByteArray would bind as NULL.
    insert.bindValue(2, json.isNull() ? QByteArray(""_ba) : json);
    if (!insert.exec())
        return sqlError(u"storing the config document"_s, insert.lastError());
    const qint64 id = insert.lastInsertId().toLongLong();
    // The registry always mirrors the newest document: rebuild it rather than diff it.
    if (Status status = execAll(c,
                                { u"DELETE FROM rules"_s, u"DELETE FROM routes"_s,
                                  u"DELETE FROM models"_s, u"DELETE FROM providers"_s });
        !status)
        return status.error();
    if (Status status = insertProviders(c, parsed); !status)
        return status.error();
    if (Status status = insertRoutesAndRules(c, parsed); !status)
        return status.error();
    if (Status status = transaction.commit(); !status)
        return status.error();
    return id;
}

std::optional<QByteArray> ConfigStore::currentConfig(Database &db)
{
    QSqlQuery query(db.connection());
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT json FROM config_documents ORDER BY id DESC LIMIT 1"_s)
        || !query.next())
        return std::nullopt;
    QByteArray json = query.value(0).toByteArray();
    query.finish();
    return json;
}

Status ConfigStore::upsertPrices(Database &db, const QList<PriceRow> &prices)
{
    QSqlDatabase &c = db.connection();
    Transaction transaction(c);
    if (Status status = transaction.begin(); !status)
        return status;
    QSqlQuery upsert(c);
    upsert.prepare(u"INSERT INTO prices (model, source, input_per_token, output_per_token, "
                   "cache_read_per_token, cache_write_per_token, context_window, version, "
                   "updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (model, source) DO UPDATE SET "
                   "input_per_token = excluded.input_per_token, "
                   "output_per_token = excluded.output_per_token, "
                   "cache_read_per_token = excluded.cache_read_per_token, "
                   "cache_write_per_token = excluded.cache_write_per_token, "
                   "context_window = excluded.context_window, version = excluded.version, "
                   "updated_at_ms = excluded.updated_at_ms"_s);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const PriceRow &p : prices) {
        upsert.bindValue(0, text(p.model));
        upsert.bindValue(1, p.source == PriceSource::Override ? u"override"_s : u"bundled"_s);
        upsert.bindValue(2, p.inputPerToken);
        upsert.bindValue(3, p.outputPerToken);
        upsert.bindValue(4, p.cacheReadPerToken);
        upsert.bindValue(5, p.cacheWritePerToken);
        upsert.bindValue(6, p.contextWindow);
        upsert.bindValue(7, text(p.version));
        upsert.bindValue(8, now);
        if (!upsert.exec())
            return sqlError(u"storing the price of %1"_s.arg(p.model), upsert.lastError());
    }
    return transaction.commit();
}

Result<QList<PriceRow>> ConfigStore::prices(Database &db)
{
    QSqlQuery query(db.connection());
    query.setForwardOnly(true);
    if (!query.exec(u"SELECT model, source, input_per_token, output_per_token, "
                    "cache_read_per_token, cache_write_per_token, context_window, version "
                    "FROM prices ORDER BY model, source"_s))
        return sqlError(u"reading prices"_s, query.lastError());
    QList<PriceRow> rows;
    while (query.next()) {
        PriceRow p;
        p.model = query.value(0).toString();
        p.source = query.value(1).toString() == u"override"_s ? PriceSource::Override
                                                              : PriceSource::Bundled;
        p.inputPerToken = query.value(2).toDouble();
        p.outputPerToken = query.value(3).toDouble();
        p.cacheReadPerToken = query.value(4).toDouble();
        p.cacheWritePerToken = query.value(5).toDouble();
        p.contextWindow = query.value(6).toLongLong();
        p.version = query.value(7).toString();
        rows.append(p);
    }
    return rows;
}

} // namespace switchyard::store
