#include "base/ConfigValidator.h"
#include "cache/CacheConfig.h"
#include "cache/CachePolicy.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using switchyard::cache::CacheLimits;
using switchyard::cache::CachePolicy;
using switchyard::cache::RouteCacheSettings;

namespace {

// The "cache" member of {"cache": <json>}, so an absent member can be tested too.
QJsonValue cacheValue(const QByteArray &json)
{
    const QJsonDocument doc = QJsonDocument::fromJson("{\"cache\":" + json + "}");
    return doc.object().value(u"cache"_s);
}

} // namespace

class TestCachePolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void routeCache_data();
    void routeCache();
    void routeCacheErrors_data();
    void routeCacheErrors();
    void limits_data();
    void limits();
    void limitsErrors_data();
    void limitsErrors();
    void missingMeansDefaults();
    void toJsonRoundTrip();
    void bypass_data();
    void bypass();
};

void TestCachePolicy::routeCache_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<int>("ttl");
    QTest::newRow("enabled with ttl") << R"({"enabled": true, "ttl_s": 60})"_ba << true << 60;
    QTest::newRow("enabled, default ttl") << R"({"enabled": true})"_ba << true << 3600;
    QTest::newRow("empty object") << "{}"_ba << false << 3600;
    QTest::newRow("disabled") << R"({"enabled": false, "ttl_s": 10})"_ba << false << 10;
    QTest::newRow("ttl as 60.0") << R"({"enabled": true, "ttl_s": 60.0})"_ba << true << 60;
    QTest::newRow("max ttl") << R"({"enabled": true, "ttl_s": 31536000})"_ba << true << 31536000;
}

void TestCachePolicy::routeCache()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, enabled);
    QFETCH(int, ttl);
    base::ConfigValidator v;
    const RouteCacheSettings s
        = cache::CacheConfig::parseRouteCache(cacheValue(json), v, u"routes.fast.cache"_s);
    QVERIFY2(!v.failed(), qPrintable(v.message()));
    QCOMPARE(s.enabled, enabled);
    QCOMPARE(s.ttlSeconds, ttl);
}

void TestCachePolicy::routeCacheErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not an object") << "true"_ba << u"routes.fast.cache: must be an object"_s;
    QTest::newRow("unknown key") << R"({"enabled": true, "ttl": 60})"_ba
                                 << u"routes.fast.cache.ttl: unknown field"_s;
    QTest::newRow("enabled not bool")
        << R"({"enabled": "yes"})"_ba << u"routes.fast.cache.enabled: must be true or false"_s;
    QTest::newRow("ttl zero") << R"({"enabled": true, "ttl_s": 0})"_ba
                              << u"routes.fast.cache.ttl_s: must be between 1 and"_s;
    QTest::newRow("ttl too long") << R"({"ttl_s": 31536001})"_ba
                                  << u"routes.fast.cache.ttl_s: must be between"_s;
    QTest::newRow("ttl fraction") << R"({"ttl_s": 1.5})"_ba
                                  << u"routes.fast.cache.ttl_s: must be a whole number"_s;
    QTest::newRow("ttl string") << R"({"ttl_s": "60"})"_ba
                                << u"routes.fast.cache.ttl_s: must be a whole number"_s;
}

void TestCachePolicy::routeCacheErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    base::ConfigValidator v;
    const RouteCacheSettings s
        = cache::CacheConfig::parseRouteCache(cacheValue(json), v, u"routes.fast.cache"_s);
    QVERIFY(v.failed());
    QVERIFY2(v.message().contains(expected), qPrintable(v.message()));
    QCOMPARE(s.ttlSeconds, 3600); // a bad value never leaks into the settings
}

void TestCachePolicy::limits_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<qint64>("maxBytes");
    QTest::addColumn<qint64>("maxEntries");
    QTest::newRow("both") << R"({"max_mb": 8, "max_entries": 500})"_ba << qint64(8 * 1024 * 1024)
                          << qint64(500);
    QTest::newRow("defaults") << "{}"_ba << qint64(64 * 1024 * 1024) << qint64(10'000);
    QTest::newRow("only entries") << R"({"max_entries": 1})"_ba << qint64(64 * 1024 * 1024)
                                  << qint64(1);
}

void TestCachePolicy::limits()
{
    QFETCH(QByteArray, json);
    QFETCH(qint64, maxBytes);
    QFETCH(qint64, maxEntries);
    base::ConfigValidator v;
    const CacheLimits limits
        = cache::CacheConfig::parseCacheLimits(cacheValue(json), v, u"gateway.cache"_s);
    QVERIFY2(!v.failed(), qPrintable(v.message()));
    QCOMPARE(limits.maxBytes, maxBytes);
    QCOMPARE(limits.maxEntries, maxEntries);
}

void TestCachePolicy::limitsErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("array") << "[]"_ba << QStringList { u"gateway.cache: must be an object"_s };
    QTest::newRow("zero mb") << R"({"max_mb": 0})"_ba
                             << QStringList { u"gateway.cache.max_mb: must be between 1 and"_s };
    QTest::newRow("negative entries")
        << R"({"max_entries": -1})"_ba
        << QStringList { u"gateway.cache.max_entries: must be between 1 and"_s };
    QTest::newRow("unknown keys, all reported")
        << R"({"max_bytes": 1, "ttl_s": 5, "max_mb": "big"})"_ba
        << QStringList { u"gateway.cache.max_bytes: unknown field"_s,
                         u"gateway.cache.ttl_s: unknown field"_s,
                         u"gateway.cache.max_mb: must be a whole number"_s };
}

void TestCachePolicy::limitsErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, expected);
    base::ConfigValidator v;
    const CacheLimits limits
        = cache::CacheConfig::parseCacheLimits(cacheValue(json), v, u"gateway.cache"_s);
    QVERIFY(v.failed());
    for (const QString &e : expected)
        QVERIFY2(v.message().contains(e), qPrintable(v.message()));
    QVERIFY(limits == CacheLimits {});
}

void TestCachePolicy::missingMeansDefaults()
{
    base::ConfigValidator v;
    const QJsonValue absent = QJsonObject().value(u"cache"_s);
    QVERIFY(cache::CacheConfig::parseRouteCache(absent, v, u"routes.x.cache"_s)
            == RouteCacheSettings {});
    QVERIFY(cache::CacheConfig::parseCacheLimits(absent, v, u"gateway.cache"_s) == CacheLimits {});
    QVERIFY(!v.failed());
    QVERIFY(!RouteCacheSettings {}.enabled);
}

void TestCachePolicy::toJsonRoundTrip()
{
    const RouteCacheSettings route { true, 120 };
    const QJsonObject routeJson = cache::CacheConfig::toJson(route);
    QCOMPARE(routeJson.value(u"enabled"_s).toBool(), true);
    QCOMPARE(routeJson.value(u"ttl_s"_s).toInt(), 120);
    const CacheLimits limits { 16LL * 1024 * 1024, 42 };
    const QJsonObject limitsJson = cache::CacheConfig::toJson(limits);
    QCOMPARE(limitsJson.value(u"max_mb"_s).toInt(), 16);
    QCOMPARE(limitsJson.value(u"max_entries"_s).toInt(), 42);

    base::ConfigValidator v;
    QVERIFY(cache::CacheConfig::parseRouteCache(routeJson, v, u"r"_s) == route);
    QVERIFY(cache::CacheConfig::parseCacheLimits(limitsJson, v, u"g"_s) == limits);
    QVERIFY2(!v.failed(), qPrintable(v.message()));
}

void TestCachePolicy::bypass_data()
{
    QTest::addColumn<base::HeaderList>("headers");
    QTest::addColumn<bool>("bypass");
    using H = base::HeaderList;
    QTest::newRow("no headers") << H {} << false;
    QTest::newRow("unrelated") << H { { "Content-Type"_ba, "application/json"_ba } } << false;
    QTest::newRow("no-cache") << H { { "Cache-Control"_ba, "no-cache"_ba } } << true;
    QTest::newRow("no-store") << H { { "Cache-Control"_ba, "no-store"_ba } } << true;
    QTest::newRow("lower-case name, upper value")
        << H { { "cache-control"_ba, "NO-CACHE"_ba } } << true;
    QTest::newRow("later directive")
        << H { { "Cache-Control"_ba, "max-age=0, private,  No-Store "_ba } } << true;
    QTest::newRow("first of several")
        << H { { "Cache-Control"_ba, "no-cache,max-age=0"_ba } } << true;
    QTest::newRow("no-cache with field")
        << H { { "Cache-Control"_ba, "no-cache=\"set-cookie\""_ba } } << true;
    QTest::newRow("second cache-control header")
        << H { { "Cache-Control"_ba, "max-age=60"_ba }, { "CACHE-CONTROL"_ba, "no-store"_ba } }
        << true;
    QTest::newRow("max-age=0 only") << H { { "Cache-Control"_ba, "max-age=0"_ba } } << false;
    QTest::newRow("similar word") << H { { "Cache-Control"_ba, "no-cache-please"_ba } } << false;
    QTest::newRow("no-transform") << H { { "Cache-Control"_ba, "no-transform"_ba } } << false;
    QTest::newRow("pragma") << H { { "Pragma"_ba, "no-cache"_ba } } << true;
    QTest::newRow("pragma lower") << H { { "pragma"_ba, "No-Cache"_ba } } << true;
    QTest::newRow("pragma other") << H { { "Pragma"_ba, "foo"_ba } } << false;
    QTest::newRow("directive in another header")
        << H { { "X-Cache-Control"_ba, "no-cache"_ba } } << false;
}

void TestCachePolicy::bypass()
{
    QFETCH(base::HeaderList, headers);
    QFETCH(bool, bypass);
    QCOMPARE(CachePolicy::bypass(headers), bypass);
}

QTEST_GUILESS_MAIN(TestCachePolicy)
#include "tst_cache_policy.moc"
