#include "LogCommands.h"

#include "admin/LocalPeriod.h"
#include "admin/LogQueries.h"
#include "cli/TimeSpec.h"

#include <QDateTime>
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

QString ms(qint64 value)
{
    return value < 0 ? u"-"_s : QString::number(value) + u" ms"_s;
}

QString money(double usd, int decimals)
{
    return u"$"_s + QString::number(usd, 'f', decimals);
}

QString isoUtc(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject statsJson(const store::StatsRow &s)
{
    return QJsonObject { { u"provider"_s, s.provider },
                         { u"model"_s, s.model },
                         { u"requests"_s, double(s.requests) },
                         { u"errors"_s, double(s.errors) },
                         { u"latency_p50_ms"_s, double(s.latencyP50Ms) },
                         { u"latency_p95_ms"_s, double(s.latencyP95Ms) },
                         { u"tokens_in"_s, double(s.tokensIn) },
                         { u"tokens_out"_s, double(s.tokensOut) },
                         { u"tokens_cached"_s, double(s.tokensCached) },
                         { u"cost_usd"_s, s.costUsd },
                         { u"cache_hits"_s, double(s.cacheHits) } };
}

} // namespace

Result<store::LogFilter> LogCommands::filter(const AdminRequest &request, qint64 nowMs)
{
    store::LogFilter filter;
    if (!request.since.isEmpty()) {
        auto since = parseSince(request.since, nowMs);
        if (!since)
            return since.error();
        filter.sinceMs = *since;
    }
    filter.model = request.model;
    filter.provider = request.provider;
    filter.limit = request.limit;
    return filter;
}

TextTable LogCommands::logTable()
{
    using Align = TextTable::Align;
    return TextTable(
        { u"TIME"_s, u"ID"_s, u"ENDPOINT"_s, u"REQUESTED → PROVIDER/MODEL"_s, u"STATUS"_s,
          u"LATENCY"_s, u"TTFT"_s, u"TOKENS IN/OUT"_s, u"COST"_s, u"CACHE"_s, u"ERROR"_s },
        { Align::Left, Align::Left, Align::Left, Align::Left, Align::Right, Align::Right,
          Align::Right, Align::Right, Align::Right, Align::Left, Align::Left });
}

QStringList LogCommands::logCells(const store::LogRow &row)
{
    const base::RequestRecord &r = row.record;
    const QString target = r.provider.isEmpty() ? u"-"_s : r.provider + u'/' + r.model;
    return { localTime(r.startedAtMs),
             QString::fromLatin1(r.requestId),
             r.endpoint,
             (r.requestedModel.isEmpty() ? u"-"_s : r.requestedModel) + u" → "_s + target,
             QString::number(r.status),
             ms(r.latencyMs),
             ms(r.ttftMs),
             r.usageKnown ? u"%1/%2"_s.arg(r.tokensIn).arg(r.tokensOut) : u"-"_s,
             r.costKnown ? money(r.costUsd, 6) : u"-"_s,
             r.cacheHit ? u"hit"_s : u"-"_s,
             r.errorCode.isEmpty() ? u"-"_s : r.errorCode };
}

QByteArray LogCommands::jsonLine(const store::LogRow &row)
{
    return QJsonDocument(row.record.toSummaryJson()).toJson(QJsonDocument::Compact) + '\n';
}

TextTable LogCommands::followTable()
{
    TextTable table = logTable();
    // Rows printed later must line up with the first ones without knowing them yet.
    table.setMinimumWidths({ 19, 16, 16, 34, 6, 9, 8, 13, 10, 5 });
    return table;
}

AdminOutcome LogCommands::logs(const admin::AdminPaths &paths, const AdminRequest &request,
                               qint64 nowMs)
{
    auto logFilter = filter(request, nowMs);
    if (!logFilter)
        return AdminOutcome { AdminExit::Usage, QByteArray(), logFilter.error().message };
    auto rows = admin::LogQueries::requests(paths, *logFilter); // newest last
    if (!rows)
        return failure(rows.error().message);
    AdminOutcome outcome;
    if (request.json) {
        QJsonArray array;
        for (const store::LogRow &row : std::as_const(*rows))
            array.append(row.record.toSummaryJson());
        outcome.out = QJsonDocument(array).toJson(QJsonDocument::Indented);
        return outcome;
    }
    TextTable table = logTable();
    for (const store::LogRow &row : std::as_const(*rows))
        table.addRow(logCells(row));
    outcome.out = table.render();
    return outcome;
}

AdminOutcome LogCommands::stats(const admin::AdminPaths &paths, const AdminRequest &request,
                                qint64 nowMs)
{
    qint64 fromMs = admin::startOfLocalDay(nowMs);
    if (request.period == AdminRequest::Period::Month) {
        fromMs = admin::startOfLocalMonth(nowMs);
    } else if (request.period == AdminRequest::Period::Since) {
        auto since = parseSince(request.since, nowMs);
        if (!since)
            return AdminOutcome { AdminExit::Usage, QByteArray(), since.error().message };
        fromMs = *since;
    }
    auto report = admin::LogQueries::stats(paths, fromMs);
    if (!report)
        return failure(report.error().message);
    AdminOutcome outcome;
    if (request.json) {
        QJsonArray array;
        for (const store::StatsRow &s : std::as_const(report->rows))
            array.append(statsJson(s));
        QJsonObject totalJson = statsJson(report->total);
        for (const QString &key :
             { u"provider"_s, u"model"_s, u"latency_p50_ms"_s, u"latency_p95_ms"_s })
            totalJson.remove(key); // percentiles do not add up
        outcome.out = QJsonDocument(QJsonObject { { u"from"_s, isoUtc(fromMs) },
                                                  { u"to"_s, isoUtc(nowMs) },
                                                  { u"rows"_s, array },
                                                  { u"total"_s, totalJson } })
                          .toJson(QJsonDocument::Indented);
        return outcome;
    }
    using Align = TextTable::Align;
    TextTable table({ u"PROVIDER"_s, u"MODEL"_s, u"REQUESTS"_s, u"ERRORS"_s, u"P50"_s, u"P95"_s,
                      u"TOKENS IN"_s, u"TOKENS OUT"_s, u"CACHED"_s, u"COST"_s, u"CACHE HITS"_s },
                    { Align::Left, Align::Left, Align::Right, Align::Right, Align::Right,
                      Align::Right, Align::Right, Align::Right, Align::Right, Align::Right,
                      Align::Right });
    auto cells = [](const store::StatsRow &s, bool withLatency) {
        return QStringList { s.provider.isEmpty() ? u"-"_s : s.provider,
                             s.model,
                             QString::number(s.requests),
                             QString::number(s.errors),
                             withLatency ? ms(s.latencyP50Ms) : QString(),
                             withLatency ? ms(s.latencyP95Ms) : QString(),
                             QString::number(s.tokensIn),
                             QString::number(s.tokensOut),
                             QString::number(s.tokensCached),
                             money(s.costUsd, 4),
                             QString::number(s.cacheHits) };
    };
    for (const store::StatsRow &s : std::as_const(report->rows))
        table.addRow(cells(s, true));
    table.addRule();
    store::StatsRow total = report->total;
    total.provider = u"TOTAL"_s;
    table.addRow(cells(total, false));
    outcome.out = u"Since %1 (local time)\n"_s.arg(localTime(fromMs)).toUtf8() + table.render();
    return outcome;
}

} // namespace switchyard::cli
