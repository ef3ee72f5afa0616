#include "base/RequestRecord.h"
#include "config/Config.h"
#include "cost/CostCalculator.h"
#include "cost/PriceResolver.h"
#include "cost/PriceTable.h"

#include <QTest>
#include <QUrl>

#include <cmath>

using namespace Qt::StringLiterals;
using switchyard::base::RequestRecord;
using switchyard::config::ModelInfo;
using switchyard::config::ProviderConfig;
using switchyard::cost::CostCalculator;
using switchyard::cost::Price;
using switchyard::cost::PriceResolver;
using switchyard::cost::PriceSource;
using switchyard::cost::PriceTable;
using switchyard::cost::Usage;

namespace {

// kind/preset/base URL as ConfigLoader would fill them for a preset.
ProviderConfig provider(const QString &preset, bool local = false)
{
    ProviderConfig p;
    p.name = u"p"_s;
    p.preset = preset;
    p.kind = (preset == u"anthropic"_s)
        ? switchyard::config::ProviderKind::Anthropic
        : (preset == u"ollama"_s ? switchyard::config::ProviderKind::Ollama
                                 : switchyard::config::ProviderKind::OpenAi);
    p.baseUrl = QUrl(local ? u"http://127.0.0.1:11434"_s : u"https://api.example.com/v1"_s);
    return p;
}

bool near(double actual, double expected)
{
    return std::abs(actual - expected) <= 1e-12 + 1e-9 * std::abs(expected);
}

RequestRecord record(const QString &model, qint64 in, qint64 out, qint64 cached = 0,
                     qint64 written = 0, qint64 reasoning = 0)
{
    RequestRecord r;
    r.provider = u"p"_s;
    r.model = model;
    r.tokensIn = in;
    r.tokensOut = out;
    r.tokensCached = cached;
    r.tokensCacheWrite = written;
    r.tokensReasoning = reasoning;
    r.usageKnown = true;
    return r;
}

} // namespace

Q_DECLARE_METATYPE(switchyard::config::ProviderConfig)

class TestCost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void apply_data();
    void apply();
    void computeIgnoresReasoningSplit();
    void cacheHitIsFree();
    void unknownUsage();
    void overrideWithOneRateUsesTableForTheOther();
    void overrideContextLength();
    void applyFindsProviderInConfig();

private:
    PriceTable m_table;
};

void TestCost::initTestCase()
{
    auto table = PriceTable::loadBundled();
    QVERIFY(table.ok());
    m_table = std::move(table).value();
}

void TestCost::apply_data()
{
    QTest::addColumn<ProviderConfig>("config");
    QTest::addColumn<QString>("model");
    QTest::addColumn<qint64>("in");
    QTest::addColumn<qint64>("out");
    QTest::addColumn<qint64>("cached");
    QTest::addColumn<qint64>("written");
    QTest::addColumn<qint64>("reasoning");
    QTest::addColumn<bool>("known");
    QTest::addColumn<double>("expected");
    QTest::addColumn<QString>("version"); // "table": the bundled table's version

    // gpt-4o: in 2.5e-6, cache read 1.25e-6, out 1e-5. Cached tokens are part of the prompt.
    QTest::newRow("openai cached part of prompt")
        << provider(u"openai"_s) << u"gpt-4o"_s << qint64(10000) << qint64(500) << qint64(4000)
        << qint64(0) << qint64(0) << true << (6000 * 2.5e-6 + 4000 * 1.25e-6 + 500 * 1e-5)
        << u"table"_s;
    // claude-sonnet-4-5: in 3e-6, read 3e-7, write 3.75e-6, out 1.5e-5.
    QTest::newRow("anthropic cache read and write")
        << provider(u"anthropic"_s) << u"claude-sonnet-4-5-20250929"_s << qint64(10000)
        << qint64(1000) << qint64(3000) << qint64(2000) << qint64(0) << true
        << (5000 * 3e-6 + 3000 * 3e-7 + 2000 * 3.75e-6 + 1000 * 1.5e-5) << u"table"_s;
    // gpt-5-mini: in 2.5e-7, out 2e-6; the 2000 reasoning tokens are inside the 3000 out.
    QTest::newRow("reasoning counted once")
        << provider(u"openai"_s) << u"gpt-5-mini"_s << qint64(1000) << qint64(3000) << qint64(0)
        << qint64(0) << qint64(2000) << true << (1000 * 2.5e-7 + 3000 * 2e-6) << u"table"_s;
    // Above 200k prompt tokens the whole request moves to 6e-6 / 2.25e-5.
    QTest::newRow("tier above threshold")
        << provider(u"anthropic"_s) << u"claude-sonnet-4-5"_s << qint64(250000) << qint64(1000)
        << qint64(0) << qint64(0) << qint64(0) << true << (250000 * 6e-6 + 1000 * 2.25e-5)
        << u"table"_s;
    QTest::newRow("at threshold no tier")
        << provider(u"anthropic"_s) << u"claude-sonnet-4-5"_s << qint64(200000) << qint64(1000)
        << qint64(0) << qint64(0) << qint64(0) << true << (200000 * 3e-6 + 1000 * 1.5e-5)
        << u"table"_s;
    // gemini-2.5-pro above 200k: in 2.5e-6, cache read 2.5e-7, out 1.5e-5.
    QTest::newRow("tier with cache reads")
        << provider(u"gemini"_s) << u"gemini-2.5-pro"_s << qint64(300000) << qint64(2000)
        << qint64(100000) << qint64(0) << qint64(0) << true
        << (200000 * 2.5e-6 + 100000 * 2.5e-7 + 2000 * 1.5e-5) << u"table"_s;
    // grok-4-1-fast's tier has no cache rate: the base cache-read rate (5e-8) stays.
    QTest::newRow("tier keeps base cache rate")
        << provider(u"xai"_s) << u"grok-4-1-fast"_s << qint64(200000) << qint64(1000)
        << qint64(50000) << qint64(0) << qint64(0) << true
        << (150000 * 4e-7 + 50000 * 5e-8 + 1000 * 1e-6) << u"table"_s;
    // OpenRouter's gpt-4o entry has no cache rate: cached tokens cost the input rate.
    QTest::newRow("no cache rate bills input rate")
        << provider(u"openrouter"_s) << u"openai/gpt-4o"_s << qint64(1000) << qint64(0)
        << qint64(500) << qint64(0) << qint64(0) << true << (1000 * 2.5e-6) << u"table"_s;
    QTest::newRow("deepseek cache-hit rate")
        << provider(u"deepseek"_s) << u"deepseek-r1"_s << qint64(1000) << qint64(0) << qint64(1000)
        << qint64(0) << qint64(0) << true << (1000 * 1.4e-7) << u"table"_s;
    QTest::newRow("cached more than prompt is clamped")
        << provider(u"openai"_s) << u"gpt-4o"_s << qint64(100) << qint64(0) << qint64(500)
        << qint64(0) << qint64(0) << true << (100 * 1.25e-6) << u"table"_s;

    ProviderConfig overridden = provider(u"openai"_s);
    ModelInfo gpt4o;
    gpt4o.inputPerMTok = 1.0;
    gpt4o.outputPerMTok = 2.0;
    overridden.modelInfo.insert(u"gpt-4o"_s, gpt4o);
    QTest::newRow("user override")
        << overridden << u"gpt-4o"_s << qint64(1000) << qint64(1000) << qint64(400) << qint64(0)
        << qint64(0) << true << (1000 * 1e-6 + 1000 * 2e-6) << u"config"_s;

    ProviderConfig localOverride = provider(u"ollama"_s, true);
    ModelInfo llama;
    llama.inputPerMTok = 0.5;
    llama.outputPerMTok = 0.5;
    localOverride.modelInfo.insert(u"llama3.2"_s, llama);
    QTest::newRow("override beats local")
        << localOverride << u"llama3.2"_s << qint64(1000) << qint64(1000) << qint64(0) << qint64(0)
        << qint64(0) << true << (2000 * 0.5e-6) << u"config"_s;
    QTest::newRow("local model is free")
        << provider(u"ollama"_s, true) << u"llama3.2"_s << qint64(1000) << qint64(1000) << qint64(0)
        << qint64(0) << qint64(0) << true << 0.0 << u"local"_s;
    // A local server that happens to call its model gpt-4o still costs nothing.
    ProviderConfig lan = provider(QString(), true);
    QTest::newRow("local beats table")
        << lan << u"gpt-4o"_s << qint64(1000) << qint64(1000) << qint64(0) << qint64(0) << qint64(0)
        << true << 0.0 << u"local"_s;
    QTest::newRow("unknown model")
        << provider(u"openai"_s) << u"no-such-model"_s << qint64(1000) << qint64(1000) << qint64(0)
        << qint64(0) << qint64(0) << false << 0.0 << QString();
}

void TestCost::apply()
{
    QFETCH(ProviderConfig, config);
    QFETCH(QString, model);
    QFETCH(qint64, in);
    QFETCH(qint64, out);
    QFETCH(qint64, cached);
    QFETCH(qint64, written);
    QFETCH(qint64, reasoning);
    QFETCH(bool, known);
    QFETCH(double, expected);
    QFETCH(QString, version);

    RequestRecord r = record(model, in, out, cached, written, reasoning);
    r.costUsd = 123; // must be overwritten
    CostCalculator::apply(r, m_table, config);
    QCOMPARE(r.costKnown, known);
    QVERIFY2(near(r.costUsd, expected),
             qPrintable(u"%1 != %2"_s.arg(r.costUsd, 0, 'g', 12).arg(expected, 0, 'g', 12)));
    QCOMPARE(r.priceVersion, version == u"table"_s ? m_table.version() : version);
    if (known && version == u"table"_s)
        QVERIFY(expected > 0);
}

void TestCost::computeIgnoresReasoningSplit()
{
    Price price;
    price.input = 1e-6;
    price.output = 4e-6;
    Usage a;
    a.tokensIn = 100;
    a.tokensOut = 50;
    Usage b = a;
    b.tokensReasoning = 40; // already inside tokensOut
    QCOMPARE(CostCalculator::compute(price, a), CostCalculator::compute(price, b));
    QVERIFY(near(CostCalculator::compute(price, b), 100 * 1e-6 + 50 * 4e-6));
}

void TestCost::cacheHitIsFree()
{
    RequestRecord r = record(u"gpt-4o"_s, 1000, 1000);
    r.cacheHit = true;
    CostCalculator::apply(r, m_table, provider(u"openai"_s));
    QVERIFY(r.costKnown);
    QCOMPARE(r.costUsd, 0.0);
    QCOMPARE(r.priceVersion, u"cache"_s);
}

void TestCost::unknownUsage()
{
    RequestRecord cloud = record(u"gpt-4o"_s, 0, 0);
    cloud.usageKnown = false;
    CostCalculator::apply(cloud, m_table, provider(u"openai"_s));
    QVERIFY(!cloud.costKnown);
    QVERIFY(cloud.priceVersion.isEmpty());

    RequestRecord local = record(u"llama3.2"_s, 0, 0);
    local.usageKnown = false;
    CostCalculator::apply(local, m_table, provider(u"ollama"_s, true));
    QVERIFY(local.costKnown);
    QCOMPARE(local.costUsd, 0.0);
}

void TestCost::overrideWithOneRateUsesTableForTheOther()
{
    ProviderConfig p = provider(u"openai"_s);
    ModelInfo info;
    info.inputPerMTok = 1.0;
    p.modelInfo.insert(u"gpt-4o"_s, info);
    const PriceResolver resolver(m_table);
    const auto price = resolver.resolve(p, u"gpt-4o"_s);
    QVERIFY(price);
    QCOMPARE(price->source, PriceSource::Override);
    QVERIFY(near(price->input, 1e-6));
    QVERIFY(near(price->output, 1e-5)); // from the table
    QVERIFY(!price->cacheRead);
    QVERIFY(price->tiers.isEmpty());
    QCOMPARE(resolver.versionFor(*price), u"config"_s);
}

void TestCost::overrideContextLength()
{
    ProviderConfig p = provider(u"openai"_s);
    ModelInfo info;
    info.contextLength = 64000;
    p.modelInfo.insert(u"gpt-4o"_s, info);
    const auto price = PriceResolver(m_table).resolve(p, u"gpt-4o"_s);
    QVERIFY(price);
    QCOMPARE(price->source, PriceSource::Bundled); // only the context length was given
    QCOMPARE(price->contextWindow, qint64(64000));
    QCOMPARE(price->input, 2.5e-06);
}

void TestCost::applyFindsProviderInConfig()
{
    switchyard::config::Config config;
    ProviderConfig p = provider(u"openai"_s);
    p.name = u"fa"_s;
    config.providers.append(p);

    RequestRecord r = record(u"gpt-4o-mini"_s, 1000000, 0);
    r.provider = u"fa"_s;
    CostCalculator::apply(r, m_table, config);
    QVERIFY(r.costKnown);
    QVERIFY(near(r.costUsd, 0.15));

    RequestRecord missing = record(u"gpt-4o-mini"_s, 1000, 0);
    missing.provider = u"gone"_s;
    CostCalculator::apply(missing, m_table, config);
    QVERIFY(!missing.costKnown);
}

QTEST_GUILESS_MAIN(TestCost)
#include "tst_cost.moc"
